# SPDX-License-Identifier: Apache-2.0
"""What a DataSink write does: the S3 write, then (with enableUpdateCatalog and setCatalogInfo)
the catalog table made if missing and the new partitions added."""

from glue_local import catalog, sink_tables
from glue_local.not_offered import not_offered
from glue_local.s3_read import check_format
from glue_local.s3_write import partition_keys, target_path, write_target


def write_sink(df, connection_type, options, fmt, format_options, catalog_info):
    if str(connection_type).lower() not in ("s3", "file"):
        raise not_offered("getSink connection_type %r" % connection_type, "Local sessions write to s3.")
    fmt = check_format(fmt or "parquet")
    path = target_path(options)
    keys = partition_keys(options, df)
    write_target(df, {"path": path, "partitionKeys": keys}, fmt, format_options)
    update = str(options.get("enableUpdateCatalog", False)).lower() == "true"
    if not update or catalog_info is None:
        return
    database, table_name, catalog_id = catalog_info
    table = sink_tables.ensure_table(df, database, table_name, path, fmt, keys, catalog_id)
    table.setdefault("DatabaseName", database)
    if keys:
        values = [tuple("__HIVE_DEFAULT_PARTITION__" if v is None else str(v) for v in row)
                  for row in df.select(*keys).distinct().collect()]
        catalog.add_partitions(database, table, values, catalog_id)
