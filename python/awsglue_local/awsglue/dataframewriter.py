# SPDX-License-Identifier: Apache-2.0
"""glueContext.write_data_frame: from_catalog writing a Spark DataFrame to a catalog table."""


class DataFrameWriter(object):
    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_catalog(self, frame, database=None, table_name=None, redshift_tmp_dir="", transformation_ctx="",
                     additional_options={}, catalog_id=None, **kwargs):
        return self._glue_context.write_data_frame_from_catalog(
            frame, database, table_name, redshift_tmp_dir, transformation_ctx, additional_options, catalog_id, **kwargs
        )
