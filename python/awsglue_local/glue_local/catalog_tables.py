# SPDX-License-Identifier: Apache-2.0
"""Translating table definitions between the Glue Data Catalog and Spark (used by catalog_sync).

Glue describes a table the Hive way (SerDe, input/output format classes, `classification`);
Spark's in-memory catalog the data source way (provider and options). The class names per
format are the ones Glue's crawlers and AWS's docs use (docs/local-catalog.md, "Spark").
"""

# format -> (SerializationLibrary, InputFormat, OutputFormat)
HIVE_CLASSES = {
    "parquet": (
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    ),
    "orc": (
        "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
        "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
        "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
    ),
    "json": (
        "org.openx.data.jsonserde.JsonSerDe",
        "org.apache.hadoop.mapred.TextInputFormat",
        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    ),
    "csv": (
        "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
        "org.apache.hadoop.mapred.TextInputFormat",
        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    ),
}
# Lower-cased fragments of a SerDe or input format class that name the format.
_FORMAT_HINTS = (
    ("parquet", "parquet"),
    ("orc", "orc"),
    ("json", "json"),
    ("opencsv", "csv"),
    ("lazysimpleserde", "csv"),
)
# Options of Spark's readers kept in SerdeInfo.Parameters, so a round trip loses nothing.
SPARK_OPTION_PREFIX = "spark.option."


def _quote(name):
    return "`%s`" % name.replace("`", "``")


def _literal(text):
    return "'%s'" % str(text).replace("\\", "\\\\").replace("'", "\\'")


def table_format(table):
    """parquet, csv, json, orc, or None (a format Spark's built-in sources do not read)."""
    params = table.get("Parameters") or {}
    storage = table.get("StorageDescriptor") or {}
    serde = storage.get("SerdeInfo") or {}
    classification = (params.get("classification") or "").lower()
    if classification in HIVE_CLASSES:
        return classification
    hints = " ".join([serde.get("SerializationLibrary") or "", storage.get("InputFormat") or ""]).lower()
    return next((fmt for marker, fmt in _FORMAT_HINTS if marker in hints), None)


def reader_options(table, fmt):
    """Spark reader options from the SerDe parameters and the table's header setting."""
    serde = (table.get("StorageDescriptor") or {}).get("SerdeInfo") or {}
    serde_params = serde.get("Parameters") or {}
    options = {
        key[len(SPARK_OPTION_PREFIX) :]: value
        for key, value in serde_params.items()
        if key.startswith(SPARK_OPTION_PREFIX)
    }
    if fmt == "csv":
        sep = serde_params.get("field.delim") or serde_params.get("separatorChar")
        if sep:
            options.setdefault("sep", sep)
        if "quoteChar" in serde_params:
            options.setdefault("quote", serde_params["quoteChar"])
        if (table.get("Parameters") or {}).get("skip.header.line.count") == "1":
            options.setdefault("header", "true")
    return options


def spark_ddl(db, table):
    """CREATE TABLE for Spark's catalog, or None when Spark cannot read the table."""
    storage = table.get("StorageDescriptor") or {}
    fmt = table_format(table)
    location = storage.get("Location")
    if table.get("TableType") == "VIRTUAL_VIEW" or fmt is None or not location:
        return None
    partition_keys = table.get("PartitionKeys") or []
    columns = list(storage.get("Columns") or []) + partition_keys
    ddl = "CREATE TABLE %s.%s" % (_quote(db), _quote(table["Name"]))
    if columns:
        ddl += " (%s)" % ", ".join("%s %s" % (_quote(c["Name"]), c.get("Type") or "string") for c in columns)
    elif partition_keys:
        return None
    # Without columns (a table defined by its location only) Spark infers the schema from the files.
    ddl += " USING %s" % fmt
    options = reader_options(table, fmt)
    if options:
        ddl += " OPTIONS (%s)" % ", ".join("%s %s" % (_quote(k), _literal(v)) for k, v in options.items())
    if partition_keys:
        ddl += " PARTITIONED BY (%s)" % ", ".join(_quote(k["Name"]) for k in partition_keys)
    return ddl + " LOCATION %s" % _literal(location)


def partition_spec(keys, values):
    return "PARTITION (%s)" % ", ".join("%s = %s" % (_quote(k), _literal(v)) for k, v in zip(keys, values))


# -- Spark -> Glue ------------------------------------------------------------------------------
def _jvm_list(spark, scala_collection):
    return list(spark._jvm.scala.jdk.javaapi.CollectionConverters.asJava(scala_collection))


def _jvm_map(spark, scala_map):
    return dict(spark._jvm.scala.jdk.javaapi.CollectionConverters.asJava(scala_map))


def database_location(spark, name):
    rows = spark.sql("DESCRIBE DATABASE %s" % _quote(name)).collect()
    return next((row[1] for row in rows if row[0] == "Location"), None) or None


def spark_metadata(spark, db, name):
    """Provider, location, columns, partition columns and options of a table in Spark's catalog."""
    from pyspark.sql.types import _parse_datatype_json_string

    jvm = spark._jvm
    identifier = jvm.org.apache.spark.sql.catalyst.TableIdentifier(name, jvm.scala.Some(db))
    meta = spark._jsparkSession.sessionState().catalog().getTableMetadata(identifier)
    storage = meta.storage()
    schema = _parse_datatype_json_string(meta.schema().json())
    partition_columns = _jvm_list(spark, meta.partitionColumnNames())
    return {
        "name": name,
        "provider": meta.provider().get().lower() if meta.provider().isDefined() else None,
        "location": storage.locationUri().get().toString() if storage.locationUri().isDefined() else None,
        "columns": [(f.name, f.dataType.simpleString(), (f.metadata or {}).get("comment")) for f in schema.fields],
        "partition_columns": partition_columns,
        "options": _jvm_map(spark, storage.properties()),
        "comment": meta.comment().get() if meta.comment().isDefined() else None,
    }


def _storage_descriptor(meta, location, with_columns=True):
    fmt = meta["provider"]
    serde_params = {SPARK_OPTION_PREFIX + k: v for k, v in meta["options"].items() if k != "path"}
    if fmt == "csv":
        serde_params["field.delim"] = meta["options"].get("sep") or meta["options"].get("delimiter") or ","
    storage = {"Location": location, "Compressed": False, "SerdeInfo": {"Parameters": serde_params}}
    if fmt in HIVE_CLASSES:
        serde, input_format, output_format = HIVE_CLASSES[fmt]
        storage["SerdeInfo"]["SerializationLibrary"] = serde
        storage["InputFormat"] = input_format
        storage["OutputFormat"] = output_format
    if with_columns:
        storage["Columns"] = [
            dict({"Name": n, "Type": t}, **({"Comment": c[:255]} if c else {}))
            for n, t, c in meta["columns"]
            if n not in meta["partition_columns"]
        ]
    return storage


def table_input(meta):
    """A Glue TableInput for a Spark table (EXTERNAL_TABLE, classification = the format)."""
    types = {n: t for n, t, _ in meta["columns"]}
    params = {"classification": meta["provider"] or "unknown", "spark.sql.sources.provider": meta["provider"] or ""}
    if meta["provider"] == "csv" and str(meta["options"].get("header", "")).lower() == "true":
        params["skip.header.line.count"] = "1"
    result = {
        "Name": meta["name"],
        "TableType": "EXTERNAL_TABLE",
        "Parameters": params,
        "StorageDescriptor": _storage_descriptor(meta, meta["location"]),
        "PartitionKeys": [{"Name": k, "Type": types.get(k, "string")} for k in meta["partition_columns"]],
    }
    if meta.get("comment"):
        result["Description"] = meta["comment"][:2048]
    return result


def partition_input(meta, values, partition_path):
    """A PartitionInput for a partition Spark wrote under the table's location (key=value/...)."""
    location = (meta["location"] or "").rstrip("/") + "/" + partition_path
    return {"Values": list(values), "StorageDescriptor": _storage_descriptor(meta, location, False)}

