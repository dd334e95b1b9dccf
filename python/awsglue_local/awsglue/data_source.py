# SPDX-License-Identifier: Apache-2.0
"""awsglue.data_source.DataSource: glueContext.getSource(...) for S3 ("s3" or "file" with paths)."""


class DataSource(object):
    def __init__(self, glue_context, connection_type, options, transformation_ctx="", push_down_predicate="", name=None):
        self._glue_context = glue_context
        self._connection_type = connection_type
        self._options = dict(options)
        self._format = self._options.pop("format", None)
        self._format_options = {}
        self._ctx = transformation_ctx
        self._predicate = push_down_predicate
        self.name = name

    def setFormat(self, format, **options):
        self._format = format
        self._format_options = dict(options)

    def getFrame(self, **options):
        return self._glue_context.create_dynamic_frame_from_options(
            self._connection_type, self._options, self._format, self._format_options, self._ctx, self._predicate)

    def getSampleFrame(self, num, **options):
        frame = self.getFrame()
        from awsglue.dynamicframe import DynamicFrame

        return DynamicFrame(frame.toDF().limit(int(num)), self._glue_context, frame.name)

    def getDataFrame(self):
        return self.getFrame().toDF()
