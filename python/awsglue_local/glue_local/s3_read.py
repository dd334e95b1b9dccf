# SPDX-License-Identifier: Apache-2.0
"""Reading an S3 source (connection_type "s3") into a DataFrame for a DynamicFrame: csv and json
with per-value type inference (mixed types become choice fields, as Glue's readers do), parquet
and orc through Spark's readers. Format options as documented in docs/awsglue.md."""

from pyspark import StorageLevel
from pyspark.sql import functions as F
from pyspark.sql import types as T

from glue_local import json_records, spark_s3
from glue_local.error_records import ErrorLog, error_row
from glue_local.field_paths import sql_name
from glue_local.file_listing import list_files, source_paths
from glue_local.glue_schema import choice_struct
from glue_local.not_offered import not_offered
from glue_local.record_ops import frame_data

FORMATS = ("csv", "json", "parquet", "orc")
NOT_OFFERED_FORMATS = ("avro", "xml", "ion", "grokLog", "grok", "hudi", "delta", "iceberg")


def _truthy(value):
    return str(value).strip().lower() == "true"


def check_format(fmt):
    if fmt is None:
        raise ValueError("format is required for connection_type s3: csv, json, parquet or orc")
    name = str(fmt).lower()
    if name == "glueparquet":  # Glue's schema-evolving Parquet writer; locally plain Parquet
        return "parquet"
    if name in FORMATS:
        return name
    if name in [f.lower() for f in NOT_OFFERED_FORMATS]:
        raise not_offered("format %r" % fmt, "Local sessions read csv, json, parquet and orc.")
    raise ValueError("Unknown format %r; local sessions read csv, json, parquet and orc" % fmt)


def read_source(spark, connection_options, fmt, format_options, file_filter=None, callsite=""):
    """(DataFrame, ErrorLog, files read). file_filter(files) -> files keeps what a job bookmark
    has not seen yet; it also forces the listing of files instead of handing folders to Spark."""
    fmt = check_format(fmt)
    format_options = format_options or {}
    spark_s3.install(spark)
    spark_s3.mount_uris_in(spark, source_paths(connection_options))
    simple_spark = fmt in ("parquet", "orc") and file_filter is None and not connection_options.get("exclusions")
    if simple_spark:
        return spark.read.format(fmt).load(source_paths(connection_options)), ErrorLog(), None
    recurse = True if fmt in ("parquet", "orc") else None
    files = list_files(connection_options, recurse=recurse)
    if file_filter is not None:
        files = file_filter(files)
    uris = [f.uri for f in files]
    if not uris:
        return spark.createDataFrame([], T.StructType([])), ErrorLog(), files
    if fmt in ("parquet", "orc"):
        reader = spark.read.format(fmt)
        paths = source_paths(connection_options)
        if len(paths) == 1 and not paths[0].endswith((".parquet", ".orc")):
            reader = reader.option("basePath", paths[0])
        return reader.load(uris), ErrorLog(), files
    if fmt == "csv":
        return read_csv(spark, uris, format_options), ErrorLog(), files
    df, errors = read_json(spark, uris, format_options, callsite)
    return df, errors, files


def read_csv(spark, uris, options):
    reader = spark.read.option("inferSchema", "false").option("mode", "PERMISSIVE")
    header = _truthy(options.get("withHeader", False))
    skip_first = _truthy(options.get("skipFirst", False))
    if skip_first and header:
        raise not_offered("format_options skipFirst together with withHeader")
    reader = reader.option("header", "true" if (header or skip_first) else "false")
    reader = reader.option("sep", options.get("separator", ","))
    quote = options.get("quoteChar", '"')
    reader = reader.option("quote", "\u0000" if str(quote) == "-1" else quote)
    if options.get("escaper"):
        reader = reader.option("escape", options["escaper"])
    if _truthy(options.get("multiLine", False)):
        reader = reader.option("multiLine", "true")
    df = reader.csv(uris)
    if not header:
        df = df.toDF(*["col%d" % i for i in range(len(df.columns))])
    return infer_csv_types(df)


_LONG = r"^[+-]?[0-9]+$"
_DOUBLE = r"^[+-]?([0-9]+[.][0-9]*|[.][0-9]+|[0-9]+)([eE][+-]?[0-9]+)?$"


def infer_csv_types(df):
    """Each string column becomes long, double or string from its values; a column whose values
    are of several kinds becomes a choice; a column with no value at all has type null."""
    if not df.columns:
        return df
    kinds = {}
    checks = []
    for i, name in enumerate(df.columns):
        c = sql_name(name)
        is_long = "(%s RLIKE '%s' AND try_cast(%s AS bigint) IS NOT NULL)" % (c, _LONG, c)
        is_double = "(NOT %s AND %s RLIKE '%s')" % (is_long, c, _DOUBLE)
        kinds[name] = (is_long, is_double)
        checks += [
            F.expr("count_if(%s)" % is_long).alias("l%d" % i),
            F.expr("count_if(%s)" % is_double).alias("d%d" % i),
            F.expr("count_if(%s IS NOT NULL AND NOT %s AND NOT %s)" % (c, is_long, is_double)).alias("s%d" % i),
        ]
    counts = df.select(*checks).first()
    cols = []
    for i, name in enumerate(df.columns):
        c = sql_name(name)
        is_long, is_double = kinds[name]
        present = [t for t, n in (("double", counts["d%d" % i]), ("long", counts["l%d" % i]), ("string", counts["s%d" % i])) if n]
        values = {
            "long": "CASE WHEN %s THEN try_cast(%s AS bigint) END" % (is_long, c),
            "double": "CASE WHEN %s THEN try_cast(%s AS double) END" % (is_double, c),
            "string": "CASE WHEN NOT %s AND NOT %s THEN %s END" % (is_long, is_double, c),
        }
        if not present:
            cols.append(F.lit(None).cast(T.NullType()).alias(name))
        elif len(present) == 1:
            cols.append(F.expr(values[present[0]] if present[0] != "string" else c).alias(name))
        else:
            spark_types = {"long": T.LongType(), "double": T.DoubleType(), "string": T.StringType()}
            target = choice_struct([spark_types[t] for t in present])
            members = F.struct(*[F.expr(values[m.name]).alias(m.name) for m in target.fields])
            cols.append(F.when(F.col(c).isNotNull(), members).cast(target).alias(name))
    return df.select(*cols)


def read_json(spark, uris, options, callsite=""):
    multi_line = _truthy(options.get("multiLine", False))
    json_path = options.get("jsonPath")
    if json_path:
        json_records.compile_json_path(json_path)  # a bad path fails here, in the driver

    def parse(pair):
        path, text = pair
        for kind, value in json_records.parse_file(path, text, multi_line, json_path):
            if kind == "ok":
                yield (0, value)
            else:
                yield (1, error_row(callsite, value[0], value[1], path))

    parsed = spark.sparkContext.wholeTextFiles(",".join(uris)).flatMap(parse).persist(StorageLevel.MEMORY_AND_DISK)
    records = parsed.filter(lambda r: r[0] == 0).map(lambda r: r[1])
    errors = parsed.filter(lambda r: r[0] == 1).map(lambda r: r[1])
    return frame_data(spark, records), ErrorLog(errors)
