# SPDX-License-Identifier: Apache-2.0
"""awsglue.context.GlueContext on plain PySpark: S3 sources and targets (csv, json, parquet,
orc), the Data Catalog through the Glue API, job bookmarks, purge, logging (docs/awsglue.md)."""

import datetime
import re
import time
import uuid

from pyspark import SparkContext
from pyspark.sql import SparkSession, SQLContext

from awsglue.dynamicframe import DynamicFrame, DynamicFrameCollection, DynamicFrameReader, DynamicFrameWriter
from glue_local import spark_s3, worker_shipping
from glue_local.error_records import ErrorLog
from glue_local.glue_logger import GlueLogger
from glue_local.not_offered import NotOfferedMembers, not_offered

S3_TYPES = ("s3", "file")
_NOT_OFFERED = frozenset(
    [
        "getStreamingSource", "forEachBatch", "getSampleStreamingDynamicFrame", "transition_table",
        "transition_s3_path", "start_transaction", "commit_transaction", "cancel_transaction",
        "begin_transaction", "abort_transaction", "extract_jdbc_conf", "write_dynamic_frame_from_jdbc_conf",
        "write_from_jdbc_conf",
    ]
)


def register(sc):
    """Nothing to register locally (AWS's version loads JVM classes)."""
    return None


def frame_name(connection_options):
    """The frame name Glue derives from the common prefix of `paths` (s3://b/data/ -> bdata)."""
    paths = connection_options.get("paths") if isinstance(connection_options, dict) else None
    if not paths:
        return str(uuid.uuid4()).replace("-", "_")
    if isinstance(paths, str):
        paths = [paths]
    prefix = paths[0]
    for path in paths[1:]:
        while not path.startswith(prefix):
            prefix = prefix[:-1]
    prefix = prefix.split(":", 1)[1] if ":" in prefix else prefix
    return re.sub(r"[:/.]", "", prefix)


def _database(database, kwargs):
    name_space = kwargs.pop("name_space", None)
    if database and name_space:
        raise Exception("Parameter name_space and database are both specified, choose one.")
    if not database and not name_space:
        raise Exception("Parameter name_space or database is missing.")
    return database or name_space


class GlueContext(SQLContext, NotOfferedMembers):
    Spark_SQL_Formats = {"parquet", "orc"}
    Unsupported_Compression_Types = {"lzo"}
    _not_offered = _NOT_OFFERED

    def __init__(self, sparkContext=None, **options):
        if isinstance(sparkContext, SparkSession):
            session = sparkContext
        elif isinstance(sparkContext, SparkContext) or sparkContext is None:
            builder = SparkSession.builder
            session = builder.getOrCreate()
        else:
            raise TypeError("GlueContext takes a SparkContext, a SparkSession or nothing; got %s" % type(sparkContext).__name__)
        SQLContext.__init__(self, session.sparkContext, session)
        self._glue_options = options
        self.spark_session = session
        self.create_dynamic_frame = DynamicFrameReader(self)
        self.write_dynamic_frame = DynamicFrameWriter(self)
        from awsglue.dataframereader import DataFrameReader
        from awsglue.dataframewriter import DataFrameWriter

        self.create_data_frame = DataFrameReader(self)
        self.write_data_frame = DataFrameWriter(self)
        self._bookmarks = None
        spark_s3.install(session)
        worker_shipping.ship(session.sparkContext)

    # -- reading -----------------------------------------------------------------------------
    def _file_filter(self, transformation_ctx):
        bookmarks = self._bookmarks
        if bookmarks is None or not bookmarks.active or not transformation_ctx:
            return None
        return lambda files: bookmarks.filter_files(transformation_ctx, files)

    def _frame(self, df, name, errors=None):
        frame = DynamicFrame(df, self, name)
        if errors is not None:
            frame._stage_errors = errors
        return frame

    def create_dynamic_frame_from_options(self, connection_type, connection_options={}, format=None, format_options={},
                                          transformation_ctx="", push_down_predicate="", **kwargs):
        from glue_local.s3_read import read_source

        connection_options = dict(connection_options or {})
        kind = str(connection_type).lower()
        if kind in self.Spark_SQL_Formats:
            format, kind = kind, "s3"
        if kind not in S3_TYPES:
            raise not_offered("connection_type %r" % connection_type, "Local sessions read s3 (csv, json, parquet, orc).")
        if (connection_options.get("compressionType") or "").lower() == "lzo" and not format:
            raise Exception("When using compressionType lzo, the format parameter must be specified.")
        df, errors, _ = read_source(self.spark_session, connection_options, format, format_options,
                                    self._file_filter(transformation_ctx), transformation_ctx)
        if push_down_predicate and df.columns:
            df = df.filter(push_down_predicate)
        return self._frame(df, frame_name(connection_options), errors)

    def create_dynamic_frame_from_catalog(self, database=None, table_name=None, redshift_tmp_dir="", transformation_ctx="",
                                          push_down_predicate="", additional_options={}, catalog_id=None, **kwargs):
        from glue_local.catalog_io import read_table

        database = _database(database, kwargs)
        if not table_name:
            raise Exception("Parameter table_name is missing.")
        df, errors = read_table(self.spark_session, database, table_name, push_down_predicate, additional_options,
                                catalog_id, self._file_filter(transformation_ctx), transformation_ctx)
        return self._frame(df, table_name, errors)

    def create_dynamic_frame_from_rdd(self, data, name, schema=None, sample_ratio=None, transformation_ctx=""):
        from glue_local.record_ops import frame_data

        if not hasattr(data, "mapPartitions"):
            data = list(data)
            if schema is None and data and isinstance(data[0], dict):
                return self._frame(frame_data(self.spark_session, data), name)
        elif schema is None and not data.isEmpty() and isinstance(data.first(), dict):
            return self._frame(frame_data(self.spark_session, data), name)
        return self._frame(self.spark_session.createDataFrame(data, schema, samplingRatio=sample_ratio), name)

    def create_data_frame_from_options(self, connection_type, connection_options={}, format=None, format_options={},
                                       transformation_ctx="", push_down_predicate="", **kwargs):
        return self.create_dynamic_frame_from_options(connection_type, connection_options, format, format_options,
                                                      transformation_ctx, push_down_predicate, **kwargs).toDF()

    def create_data_frame_from_catalog(self, database=None, table_name=None, redshift_tmp_dir="", transformation_ctx="",
                                       push_down_predicate="", additional_options={}, catalog_id=None, **kwargs):
        return self.create_dynamic_frame_from_catalog(database, table_name, redshift_tmp_dir, transformation_ctx,
                                                      push_down_predicate, additional_options, catalog_id, **kwargs).toDF()

    def create_sample_dynamic_frame_from_options(self, connection_type, connection_options={}, num=None, sample_options={},
                                                 format=None, format_options={}, transformation_ctx="",
                                                 push_down_predicate="", **kwargs):
        frame = self.create_dynamic_frame_from_options(connection_type, connection_options, format, format_options,
                                                       transformation_ctx, push_down_predicate, **kwargs)
        return frame if num is None else self._frame(frame.toDF().limit(int(num)), frame.name)

    def create_sample_dynamic_frame_from_catalog(self, database=None, table_name=None, num=None, sample_options={},
                                                 redshift_tmp_dir="", transformation_ctx="", push_down_predicate="",
                                                 additional_options={}, catalog_id=None, **kwargs):
        frame = self.create_dynamic_frame_from_catalog(database, table_name, redshift_tmp_dir, transformation_ctx,
                                                       push_down_predicate, additional_options, catalog_id, **kwargs)
        return frame if num is None else self._frame(frame.toDF().limit(int(num)), frame.name)

    def getSource(self, connection_type, format=None, transformation_ctx="", push_down_predicate="", **options):
        from awsglue.data_source import DataSource

        if str(connection_type).lower() not in S3_TYPES:
            raise not_offered("getSource connection_type %r" % connection_type, "Local sessions read s3.")
        if format:
            options["format"] = format
        return DataSource(self, connection_type, options, transformation_ctx, push_down_predicate)

    def getSink(self, connection_type, format=None, transformation_ctx="", **options):
        from awsglue.data_sink import DataSink

        if format:
            options["format"] = format
        return DataSink(self, connection_type, options, transformation_ctx)

    def get_catalog_schema_as_spark_schema(self, database=None, table_name=None, catalog_id=None):
        from pyspark.sql import types as T

        from glue_local import catalog
        from glue_local.catalog_io import _spark_type

        table = catalog.get_table(database, table_name, catalog_id)
        columns = ((table.get("StorageDescriptor") or {}).get("Columns") or []) + (table.get("PartitionKeys") or [])
        return T.StructType([T.StructField(c["Name"], _spark_type(c.get("Type", "string"))) for c in columns])

    # -- writing -----------------------------------------------------------------------------
    def write_dynamic_frame_from_options(self, frame, connection_type, connection_options={}, format=None,
                                         format_options={}, transformation_ctx=""):
        return self.write_from_options(frame, connection_type, connection_options, format, format_options, transformation_ctx)

    def write_from_options(self, frame_or_dfc, connection_type, connection_options={}, format=None, format_options={},
                           transformation_ctx="", **kwargs):
        from glue_local.s3_write import write_target

        if isinstance(frame_or_dfc, DynamicFrameCollection):
            results = {}
            for key, frame in frame_or_dfc.items():
                options = dict(connection_options or {})
                options["path"] = options.get("path", "").rstrip("/") + "/" + key
                results[key] = self.write_from_options(frame, connection_type, options, format, format_options)
            return DynamicFrameCollection(results, self)
        if not isinstance(frame_or_dfc, DynamicFrame):
            raise TypeError("frame_or_dfc must be DynamicFrame orDynamicFrameCollection. Got %s" % type(frame_or_dfc))
        kind = str(connection_type).lower()
        if kind in self.Spark_SQL_Formats:
            format, kind = kind, "s3"
        if kind not in S3_TYPES:
            raise not_offered("connection_type %r" % connection_type, "Local sessions write to s3 (csv, json, parquet, orc).")
        write_target(frame_or_dfc.toDF(), dict(connection_options or {}), format, format_options)
        return self._errors_frame(frame_or_dfc)

    def _errors_frame(self, frame):
        from glue_local.record_ops import empty_errors

        return self._frame(empty_errors(self.spark_session), frame.name + "_errors", ErrorLog())

    def write_dynamic_frame_from_catalog(self, frame, database=None, table_name=None, redshift_tmp_dir="",
                                         transformation_ctx="", additional_options={}, catalog_id=None, **kwargs):
        from glue_local.catalog_io import write_table

        database = _database(database, kwargs)
        if not table_name:
            raise Exception("Parameter table_name is missing.")
        write_table(frame.toDF(), database, table_name, additional_options, catalog_id)
        return self._errors_frame(frame)

    def write_data_frame_from_catalog(self, frame, database=None, table_name=None, redshift_tmp_dir="",
                                      transformation_ctx="", additional_options={}, catalog_id=None, **kwargs):
        from glue_local.catalog_io import write_table

        database = _database(database, kwargs)
        if not table_name:
            raise Exception("Parameter table_name is missing.")
        write_table(frame, database, table_name, additional_options, catalog_id)
        return frame

    # -- housekeeping ------------------------------------------------------------------------
    def purge_s3_path(self, s3_path, options={}, transformation_ctx=""):
        from glue_local.purge import purge_s3_path

        purge_s3_path(s3_path, options)

    def purge_table(self, database, table_name, options={}, transformation_ctx="", catalog_id=None):
        from glue_local.purge import purge_table

        purge_table(self.spark_session, database, table_name, options, catalog_id)

    def get_logger(self):
        return GlueLogger()

    def currentTimeMillis(self):
        return int(time.time() * 1000)

    def add_ingestion_time_columns(self, frame, time_granularity):
        from pyspark.sql import functions as F

        now = datetime.datetime.now()
        parts = [("ingest_year", "%04d" % now.year), ("ingest_month", "%02d" % now.month), ("ingest_day", "%02d" % now.day)]
        if time_granularity in ("hour", "minute"):
            parts.append(("ingest_hour", "%02d" % now.hour))
        if time_granularity == "minute":
            parts.append(("ingest_minute", "%02d" % now.minute))
        df = frame.toDF() if isinstance(frame, DynamicFrame) else frame
        for name, value in parts:
            df = df.withColumn(name, F.lit(value))
        return DynamicFrame(df, self, frame.name) if isinstance(frame, DynamicFrame) else df

    def convert_resolve_option(self, path, action, target):
        from awsglue.dynamicframe import ResolveOption

        return ResolveOption(path, action, target)
