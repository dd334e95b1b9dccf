# SPDX-License-Identifier: Apache-2.0
"""Writing a DynamicFrame's DataFrame to an S3 target (connection_type "s3"): new files are added
under `path` (Glue never overwrites a prefix), Hive-style folders for `partitionKeys`, and the
documented format options (writeHeader, separator, quoteChar, compression)."""

import json

from pyspark.sql import functions as F
from pyspark.sql import types as T

from glue_local import spark_s3
from glue_local.field_paths import sql_name
from glue_local.glue_schema import from_spark_value, is_choice_struct, plain
from glue_local.s3_read import check_format
from glue_local.schema_text import record_json

_COMPRESSION = {"gzip": "gzip", "gz": "gzip", "bzip": "bzip2", "bzip2": "bzip2", "snappy": "snappy",
                "none": "none", "uncompressed": "none", "lz4": "lz4", "zstd": "zstd", "deflate": "deflate",
                "lzo": "lzo", "zlib": "zlib"}


def _compression(connection_options, format_options):
    value = format_options.get("compression") or connection_options.get("compression") or connection_options.get("compressionType")
    if not value:
        return None
    key = str(value).lower()
    if key not in _COMPRESSION:
        raise ValueError("Unknown compression %r; use gzip, bzip2, snappy or none" % value)
    return _COMPRESSION[key]


def target_path(connection_options):
    path = connection_options.get("path")
    if not path or not isinstance(path, str):
        raise ValueError("connection_options needs 'path': the s3:// prefix to write to")
    return path


def partition_keys(connection_options, df):
    keys = connection_options.get("partitionKeys") or []
    if isinstance(keys, str):
        keys = [keys]
    missing = [k for k in keys if k not in df.columns]
    if missing:
        raise ValueError("partitionKeys %s are not fields of the frame (fields: %s)" % (missing, ", ".join(df.columns)))
    return list(keys)


def _void_to_string(df):
    cols = []
    for f in df.schema.fields:
        c = F.col(sql_name(f.name))
        cols.append(c.cast(T.StringType()).alias(f.name) if isinstance(f.dataType, T.NullType) else c)
    return df.select(*cols)


def _flat_for_csv(df):
    """CSV holds text: a choice field is written as its value, other nested fields as JSON."""
    cols = []
    for f in df.schema.fields:
        c = F.col(sql_name(f.name))
        if is_choice_struct(f.dataType):
            members = [c.getField(m.name).cast("string") if not isinstance(m.dataType, (T.StructType, T.ArrayType, T.MapType))
                       else F.to_json(c.getField(m.name)) for m in f.dataType.fields]
            c = F.coalesce(*members)
        elif isinstance(f.dataType, (T.StructType, T.ArrayType, T.MapType)):
            c = F.to_json(c)
        cols.append(c.alias(f.name))
    return df.select(*cols)


def write_target(df, connection_options, fmt, format_options):
    fmt = check_format(fmt)
    format_options = format_options or {}
    path = target_path(connection_options)
    spark_s3.install(df.sparkSession)
    spark_s3.mount_uris_in(df.sparkSession, path)
    keys = partition_keys(connection_options, df)
    compression = _compression(connection_options, format_options)
    df = _void_to_string(df)
    has_choice = any(is_choice_struct(f.dataType) for f in df.schema.fields)
    if fmt == "json" and has_choice:
        return _write_json_records(df, path, keys, compression)
    if fmt == "csv":
        df = _flat_for_csv(df)
    writer = df.write.mode("append")
    if keys:
        writer = writer.partitionBy(*keys)
    if compression:
        writer = writer.option("compression", compression)
    if fmt == "csv":
        header = str(format_options.get("writeHeader", True)).lower() != "false"
        quote = format_options.get("quoteChar", '"')
        writer = writer.option("header", "true" if header else "false")
        writer = writer.option("sep", format_options.get("separator", ","))
        writer = writer.option("quote", "" if str(quote) == "-1" else quote)
        if str(quote) == "-1":
            writer = writer.option("quoteAll", "false").option("escapeQuotes", "false")
        if format_options.get("escaper"):
            writer = writer.option("escape", format_options["escaper"])
    writer.format(fmt).save(path)
    spark_s3.remove_checksum_files(path)


def _write_json_records(df, path, keys, compression):
    """JSON with choice fields: each record written with the value its choice holds."""
    schema = df.schema
    data_cols = [f for f in schema.fields if f.name not in keys]
    data_schema = T.StructType(data_cols)
    names = [f.name for f in data_cols]

    def to_line(row):
        record = from_spark_value(tuple(row[n] for n in names), data_schema)
        return record_json(plain(record))

    spark = df.sparkSession
    line_udf = F.udf(lambda *values: to_line(dict(zip(names, values))), T.StringType())
    out = df.select(line_udf(*[F.col(sql_name(n)) for n in names]).alias("value"), *[F.col(sql_name(k)) for k in keys])
    writer = out.write.mode("append")
    if keys:
        writer = writer.partitionBy(*keys)
    if compression:
        writer = writer.option("compression", compression)
    writer.text(path)
    spark_s3.remove_checksum_files(path)
    return spark


def write_sample(df, path, options):
    """Spigot: the first `topk` records (default 100), or each record with probability `prob`,
    written as JSON lines under path."""
    if "prob" in options:
        sample = df.sample(withReplacement=False, fraction=float(options["prob"]))
    else:
        sample = df.limit(int(options.get("topk", 100)))
    schema = sample.schema
    lines = [record_json(plain(from_spark_value(tuple(r), schema))) for r in sample.collect()]
    spark = df.sparkSession
    spark_s3.install(spark)
    spark_s3.mount_uris_in(spark, path)
    spark.createDataFrame([(line,) for line in lines], "value string").coalesce(1).write.mode("append").text(path)
    spark_s3.remove_checksum_files(path)
    return json.dumps({"written": len(lines)})
