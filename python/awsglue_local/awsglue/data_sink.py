# SPDX-License-Identifier: Apache-2.0
"""awsglue.data_sink.DataSink: glueContext.getSink(...) for S3, with setCatalogInfo and
enableUpdateCatalog creating the catalog table (when missing) and adding new partitions."""


class DataSink(object):
    def __init__(self, glue_context, connection_type, options, transformation_ctx=""):
        self._glue_context = glue_context
        self._connection_type = connection_type
        self._options = dict(options)
        self._format = self._options.pop("format", None)
        self._format_options = {}
        self._catalog = None
        self._ctx = transformation_ctx

    def setFormat(self, format, **options):
        self._format = format
        self._format_options = dict(options)

    def setAccumulableSize(self, size):
        pass

    def setCatalogInfo(self, catalogDatabase, catalogTableName, catalogId=""):
        self._catalog = (catalogDatabase, catalogTableName, catalogId or None)

    def writeFrame(self, dynamic_frame, info=""):
        self.writeDataFrame(dynamic_frame.toDF(), self._glue_context, info)
        return self._glue_context._errors_frame(dynamic_frame)

    def writeDataFrame(self, data_frame, glue_context, info=""):
        from glue_local.sink_write import write_sink

        write_sink(data_frame, self._connection_type, self._options, self._format, self._format_options, self._catalog)
        return data_frame

    def write(self, dynamic_frame_or_dfc, info=""):
        from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection

        if isinstance(dynamic_frame_or_dfc, DynamicFrame):
            return self.writeFrame(dynamic_frame_or_dfc, info)
        if isinstance(dynamic_frame_or_dfc, DynamicFrameCollection):
            results = dict((k, self.writeFrame(f, info)) for k, f in dynamic_frame_or_dfc.items())
            return DynamicFrameCollection(results, self._glue_context)
        raise TypeError("dynamic_frame_or_dfc must be DynamicFrame or DynamicFrameCollection. Got %s"
                        % type(dynamic_frame_or_dfc))
