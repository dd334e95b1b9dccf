# SPDX-License-Identifier: Apache-2.0
"""Transforms that run user Python on each record (Filter, Map) and the building of a DataFrame
from Python records, with the schema inferred from the values (Glue's self-describing records)."""

from pyspark import StorageLevel
from pyspark.sql import types as T

from awsglue import gluetypes as G
from glue_local.error_records import ERROR_SCHEMA, ErrorLog, error_row
from glue_local.glue_schema import (
    glue_to_spark,
    infer_type,
    record_to_row,
    refine,
    row_to_record,
    spark_to_glue,
)

_OK, _ERR = 0, 1


def _merge_types(a, b):
    return G.mergeDataTypes(a, b)


def infer_schema(records_rdd, hint=None):
    """The Glue struct type covering every record of an RDD of dicts."""
    if records_rdd.isEmpty():
        return hint if hint is not None else G.StructType()
    inferred = records_rdd.map(infer_type).treeReduce(_merge_types)
    if not isinstance(inferred, G.StructType):
        inferred = G.StructType()
    return refine(inferred, hint)


def frame_data(spark, records, hint=None):
    """A DataFrame of dicts (an RDD, or a list held by the driver, which needs no Spark job),
    its schema inferred from the values."""
    if isinstance(records, (list, tuple)):
        glue_schema = G.StructType()
        for record in records:
            glue_schema = G.mergeDataTypes(glue_schema, infer_type(record))
        spark_schema = glue_to_spark(refine(glue_schema, hint) if records else (hint or glue_schema))
        rows = [record_to_row(rec, spark_schema) for rec in records]
        return spark.createDataFrame(rows, spark_schema, verifySchema=False)
    glue_schema = infer_schema(records, hint)
    spark_schema = glue_to_spark(glue_schema)
    rows = records.map(lambda rec: record_to_row(rec, spark_schema))
    return spark.createDataFrame(rows, spark_schema, verifySchema=False)


def filter_rows(df, f, callsite):
    """(kept DataFrame, ErrorLog): a record is kept when f(record) is true; KeyError, ValueError
    and TypeError exclude it silently; any other exception makes it an error record."""
    schema = df.schema

    def run(row):
        record = row_to_record(row, schema)
        try:
            return (_OK, row) if f(record) else None
        except (KeyError, ValueError, TypeError):
            return None
        except Exception as exc:  # documented: the record becomes an error record
            return (_ERR, error_row(callsite, "%s: %s" % (type(exc).__name__, exc), record=record, exc=exc))

    results = df.rdd.map(run).filter(lambda r: r is not None).persist(StorageLevel.MEMORY_AND_DISK)
    kept = results.filter(lambda r: r[0] == _OK).map(lambda r: r[1])
    errors = results.filter(lambda r: r[0] == _ERR).map(lambda r: r[1])
    spark = df.sparkSession
    return spark.createDataFrame(kept, schema, verifySchema=False), ErrorLog(errors)


def map_records(df, f, callsite):
    """(DataFrame of f(record) for each record, ErrorLog): a falsy result or an exception makes
    the record an error record."""
    schema = df.schema

    def run(row):
        record = row_to_record(row, schema)
        try:
            result = f(record)
        except Exception as exc:  # documented: the record becomes an error record
            return (_ERR, error_row(callsite, "%s: %s" % (type(exc).__name__, exc), record=record, exc=exc))
        if not result:
            return (_ERR, error_row(callsite, "User-specified function returned None instead of DynamicRecord", record=record))
        if not isinstance(result, dict):
            return (_ERR, error_row(callsite, "User-specified function returned %s instead of DynamicRecord" % type(result).__name__, record=record))
        return (_OK, result)

    results = df.rdd.map(run).persist(StorageLevel.MEMORY_AND_DISK)
    records = results.filter(lambda r: r[0] == _OK).map(lambda r: r[1])
    errors = results.filter(lambda r: r[0] == _ERR).map(lambda r: r[1])
    return frame_data(df.sparkSession, records, spark_to_glue(schema)), ErrorLog(errors)


def records_of(df):
    """The DataFrame's rows as DynamicRecords (an RDD)."""
    schema = df.schema
    return df.rdd.map(lambda row: row_to_record(row, schema))


def empty_errors(spark):
    return spark.createDataFrame(spark.sparkContext.emptyRDD(), ERROR_SCHEMA)


def to_struct_type(glue_or_spark):
    if isinstance(glue_or_spark, T.StructType):
        return glue_or_spark
    return glue_to_spark(glue_or_spark)
