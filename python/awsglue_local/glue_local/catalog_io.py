# SPDX-License-Identifier: Apache-2.0
"""from_catalog and write ... from_catalog: a catalog table's StorageDescriptor (Location, SerDe /
InputFormat, columns) and partitions decide what is read and written."""

from pyspark.sql import functions as F
from pyspark.sql import types as T

from glue_local import catalog
from glue_local.error_records import ErrorLog
from glue_local.frame_combine import union
from glue_local.s3_read import read_source
from glue_local.s3_write import write_target
from glue_local.type_names import spark_type_of

_READ_OPTIONS = ("exclusions", "recurse", "groupFiles", "groupSize", "maxBand", "maxFilesInBand")


def _spark_type(catalog_type):
    try:
        return spark_type_of(catalog_type)
    except ValueError:
        return T.StringType()


def _columns(table):
    return [c["Name"] for c in (table.get("StorageDescriptor") or {}).get("Columns") or []]


def _name_csv_columns(df, fmt, options, columns):
    """Header-less CSV columns take the catalog's column names, by position."""
    if fmt != "csv" or options.get("withHeader") or not columns:
        return df
    names = [columns[i] if i < len(columns) else c for i, c in enumerate(df.columns)]
    return df.toDF(*names)


def matching_partitions(spark, keys, partitions, predicate):
    """The partitions whose values satisfy a Spark SQL predicate over the partition columns
    (keys: [(name, catalog type)])."""
    if not predicate or not partitions:
        return partitions
    rows = [tuple(p["Values"]) + (i,) for i, p in enumerate(partitions)]
    schema = T.StructType([T.StructField(k, T.StringType()) for k, _ in keys] + [T.StructField("__glue_index", T.LongType())])
    df = spark.createDataFrame(rows, schema)
    typed = df.select(*[F.col("`%s`" % k).cast(_spark_type(t)).alias(k) for k, t in keys] + ["__glue_index"])
    kept = set(r[0] for r in typed.filter(F.expr(predicate)).select("__glue_index").collect())
    return [p for i, p in enumerate(partitions) if i in kept]


def read_table(spark, database, table_name, push_down_predicate="", additional_options=None, catalog_id=None,
               file_filter=None, callsite=""):
    """(DataFrame, ErrorLog) of a catalog table's data."""
    additional_options = additional_options or {}
    table = catalog.get_table(database, table_name, catalog_id)
    fmt, options = catalog.table_format(table)
    sd = table.get("StorageDescriptor") or {}
    columns = _columns(table)
    read_opts = dict((k, v) for k, v in additional_options.items() if k in _READ_OPTIONS)
    read_opts.setdefault("recurse", True)
    keys = [(k["Name"], k.get("Type", "string")) for k in table.get("PartitionKeys") or []]
    if not keys:
        df, errors, _ = read_source(spark, dict(read_opts, paths=[sd["Location"]]), fmt, options, file_filter, callsite)
        return _name_csv_columns(df, fmt, options, columns), errors
    partitions = catalog.get_partitions(database, table_name, additional_options.get("catalogPartitionPredicate", ""), catalog_id)
    partitions = matching_partitions(spark, keys, partitions, push_down_predicate)
    frames, errors = [], []
    for partition in partitions:
        location = (partition.get("StorageDescriptor") or {}).get("Location") or sd["Location"].rstrip("/") + "/" + "/".join(
            "%s=%s" % (k, v) for (k, _), v in zip(keys, partition["Values"])
        )
        df, log, _ = read_source(spark, dict(read_opts, paths=[location]), fmt, options, file_filter, callsite)
        if not df.columns:
            continue
        df = _name_csv_columns(df, fmt, options, columns)
        df = df.drop(*[k for k, _ in keys if k in df.columns])
        for (key, key_type), value in zip(keys, partition["Values"]):
            df = df.withColumn(key, F.lit(value).cast(_spark_type(key_type)))
        frames.append(df)
        errors.append(log)
    if not frames:
        fields = [T.StructField(c["Name"], _spark_type(c.get("Type", "string"))) for c in sd.get("Columns") or []]
        fields += [T.StructField(k, _spark_type(t)) for k, t in keys]
        return spark.createDataFrame([], T.StructType(fields)), ErrorLog()
    result = frames[0]
    for df in frames[1:]:
        result = union(result, df)
    rdds = [e.rdd for e in errors if e.rdd is not None]
    return result, ErrorLog(spark.sparkContext.union(rdds) if rdds else None)


def write_table(df, database, table_name, additional_options=None, catalog_id=None):
    """Append the DataFrame's rows to the table's location; with enableUpdateCatalog, new
    partitions are added to the catalog (BatchCreatePartition)."""
    additional_options = additional_options or {}
    table = catalog.get_table(database, table_name, catalog_id)
    table.setdefault("DatabaseName", database)
    fmt, options = catalog.table_format(table)
    location = (table.get("StorageDescriptor") or {}).get("Location")
    if not location:
        raise ValueError("Table %s.%s has no StorageDescriptor Location to write to" % (database, table_name))
    keys = additional_options.get("partitionKeys") or [k["Name"] for k in table.get("PartitionKeys") or []]
    if fmt == "csv":
        options = dict(options, writeHeader=bool(options.pop("withHeader", False)))
    write_target(df, {"path": location, "partitionKeys": keys}, fmt, options)
    update = str(additional_options.get("enableUpdateCatalog", False)).lower() == "true"
    if update and keys:
        values = [tuple("__HIVE_DEFAULT_PARTITION__" if v is None else str(v) for v in row)
                  for row in df.select(*keys).distinct().collect()]
        if not table.get("PartitionKeys"):
            raise ValueError(
                "Table %s.%s has no partition keys in the catalog; partitionKeys %s cannot be registered"
                % (database, table_name, keys)
            )
        catalog.add_partitions(database, table, values, catalog_id)
