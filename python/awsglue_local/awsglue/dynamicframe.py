# SPDX-License-Identifier: Apache-2.0
"""DynamicFrame and DynamicFrameCollection on plain PySpark (docs/awsglue.md).

A DynamicFrame wraps a Spark DataFrame; Glue's choice types are kept as marked structs (see
glue_local/glue_schema.py). Method names, signatures and behaviour follow the public AWS Glue
documentation.
"""

from pyspark.sql import DataFrame

from glue_local import choice_ops, field_ops, frame_combine, record_ops, relationalize as relational
from glue_local.error_records import ERROR_SCHEMA, ErrorLog, check_thresholds
from glue_local.glue_schema import glue_to_spark, plain, row_to_record, spark_to_glue
from glue_local.not_offered import NotOfferedMembers, not_offered
from glue_local.schema_text import record_json, schema_tree


class ResolveOption(object):
    def __init__(self, path, action, target=None):
        self.path = path
        self.action = action
        self.target = target


class DynamicFrame(NotOfferedMembers):
    _not_offered = frozenset(["unnest_ddb_json", "simplify_ddb_json"])

    def __init__(self, jdf, glue_ctx, name=""):
        if not isinstance(jdf, DataFrame):
            raise TypeError("DynamicFrame wraps a Spark DataFrame here; use DynamicFrame.fromDF(df, glueContext, name)")
        self._df = jdf
        self.glue_ctx = glue_ctx
        self.name = name
        self._stage_errors = ErrorLog()
        self._prior_errors = ()
        self._schema = None
        self._thresholds = (0, 0, "")

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name=""):
        return cls(dataframe, glue_ctx, name)

    def toDF(self, options=None):
        if not options:
            return self._df
        specs = []
        for option in options:
            if option.action == "KeepAsStruct":
                specs.append((option.path, "make_struct"))
            elif option.action == "Project":
                if option.target is None:
                    raise Exception("Missing target type for resolve action %s." % option.action)
                specs.append((option.path, "project:%s" % option.target.typeName()))
            else:
                raise ValueError("Unknown resolve action %s; use KeepAsStruct or Project" % option.action)
        return choice_ops.resolve_choice(self._df, specs=specs)

    def _derive(self, df, name=None, errors=None, callsite="", stageThreshold=0, totalThreshold=0):
        frame = DynamicFrame(df, self.glue_ctx, self.name if name is None else name)
        frame._prior_errors = self._prior_errors + (self._stage_errors,)
        frame._thresholds = (stageThreshold, totalThreshold, callsite)
        if errors is not None:
            frame._stage_errors = errors
        if stageThreshold or totalThreshold:
            check_thresholds(frame.stageErrorsCount(), frame.errorsCount(), stageThreshold, totalThreshold, callsite)
        return frame

    def with_frame_schema(self, schema):
        target = glue_to_spark(schema)
        cols = [self._df[f.name].cast(f.dataType).alias(f.name) for f in target.fields if f.name in self._df.columns]
        return self._derive(self._df.select(*cols))

    # -- information -------------------------------------------------------------------------
    def count(self):
        return self._df.count()

    def schema(self):
        if self._schema is None:
            self._schema = spark_to_glue(self._df.schema)
        return self._schema

    def printSchema(self):
        print(schema_tree(self.schema()), end="")

    def show(self, num_rows=20):
        schema = self._df.schema
        for row in self._df.limit(num_rows).collect():
            print(record_json(plain(row_to_record(row, schema))))

    def getNumPartitions(self):
        return self._df.rdd.getNumPartitions()

    def repartition(self, num_partitions, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(self._df.repartition(num_partitions))

    def coalesce(self, num_partitions, shuffle=False, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        df = self._df.repartition(num_partitions) if shuffle else self._df.coalesce(num_partitions)
        return self._derive(df)

    # -- errors ------------------------------------------------------------------------------
    def errorsCount(self):
        return self.stageErrorsCount() + sum(log.count() for log in self._prior_errors)

    def stageErrorsCount(self):
        return self._stage_errors.count()

    def assertErrorThreshold(self):
        """Raises ErrorThresholdExceeded when the step that made this frame passed its
        stageThreshold or totalThreshold (0 means no limit)."""
        stage, total, callsite = self._thresholds
        return check_thresholds(self.stageErrorsCount(), self.errorsCount(), stage, total, callsite or self.name)

    def errorsAsDynamicFrame(self):
        spark = self._df.sparkSession
        rdds = [log.rdd for log in self._prior_errors + (self._stage_errors,) if log.rdd is not None]
        rdd = spark.sparkContext.union(rdds) if rdds else spark.sparkContext.emptyRDD()
        return DynamicFrame(spark.createDataFrame(rdd, ERROR_SCHEMA, verifySchema=False), self.glue_ctx, self.name + "_errors")

    # -- field transforms --------------------------------------------------------------------
    def apply_mapping(self, mappings, case_sensitive=False, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(field_ops.apply_mapping(self._df, mappings, case_sensitive))

    def applyMapping(self, *args, **kwargs):
        if args and isinstance(args[0], DynamicFrame):
            args = args[1:]
        return self.apply_mapping(*args, **kwargs)

    def select_fields(self, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(field_ops.select_fields(self._df, paths))

    def drop_fields(self, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(field_ops.drop_fields(self._df, paths))

    def rename_field(self, oldName, newName, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(field_ops.rename_field(self._df, oldName, newName))

    def unnest(self, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(relational.unnest(self._df))

    def resolveChoice(self, specs=None, choice="", database=None, table_name=None, transformation_ctx="", info="",
                      stageThreshold=0, totalThreshold=0, catalog_id=None):
        if specs is None and not choice:
            raise Exception("Parameter specs and option are both missing, add one.")
        if specs is not None and choice:
            raise Exception("Parameter specs and option are both specified, choose one.")
        catalog_types = None
        wants_catalog = choice == "match_catalog" or any(
            str(a).startswith("match_catalog") for _, a in ([specs] if isinstance(specs, tuple) else specs or [])
        )
        if wants_catalog:
            if not database or not table_name:
                raise ValueError("match_catalog needs database and table_name")
            from glue_local import catalog

            catalog_types = catalog.column_types(database, table_name, catalog_id)
        return self._derive(choice_ops.resolve_choice(self._df, specs, choice, catalog_types))

    # -- record transforms -------------------------------------------------------------------
    def filter(self, f, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        df, errors = record_ops.filter_rows(self._df, f, transformation_ctx or info)
        return self._derive(df, errors=errors, callsite=transformation_ctx, stageThreshold=stageThreshold, totalThreshold=totalThreshold)

    def map(self, f, preservesPartitioning=False, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        df, errors = record_ops.map_records(self._df, f, transformation_ctx or info)
        return self._derive(df, errors=errors, callsite=transformation_ctx, stageThreshold=stageThreshold, totalThreshold=totalThreshold)

    def mapPartitions(self, f, preservesPartitioning=True, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        records = record_ops.records_of(self._df).mapPartitions(f, preservesPartitioning)
        return self._derive(record_ops.frame_data(self._df.sparkSession, records))

    def mapPartitionsWithIndex(self, f, preservesPartitioning=False, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        records = record_ops.records_of(self._df).mapPartitionsWithIndex(f, preservesPartitioning)
        return self._derive(record_ops.frame_data(self._df.sparkSession, records))

    def unbox(self, path, format, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0, **options):
        from glue_local.unbox import unbox

        return self._derive(unbox(self._df, path, format, options))

    # -- frames and collections --------------------------------------------------------------
    def join(self, paths1, paths2, frame2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(frame_combine.join(self._df, frame2.toDF(), paths1, paths2), name=self.name + frame2.name)

    def union(self, other_frame, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return self._derive(frame_combine.union(self._df, other_frame.toDF()))

    def mergeDynamicFrame(self, stage_dynamic_frame, primary_keys, transformation_ctx="", options={}, info="",
                          stageThreshold=0, totalThreshold=0):
        return self._derive(frame_combine.merge_frames(self._df, stage_dynamic_frame.toDF(), primary_keys))

    def relationalize(self, root_table_name, staging_path=None, options={}, transformation_ctx="", info="",
                      stageThreshold=0, totalThreshold=0):
        tables = relational.relationalize(self._df, root_table_name)
        return DynamicFrameCollection(dict((n, self._derive(df, name=n)) for n, df in tables), self.glue_ctx)

    def split_fields(self, paths, name1, name2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        first = self._derive(field_ops.select_fields(self._df, paths), name=name1)
        second = self._derive(field_ops.drop_fields(self._df, paths), name=name2)
        return DynamicFrameCollection({name1: first, name2: second}, self.glue_ctx)

    def split_rows(self, comparison_dict, name1, name2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        matched, rest = frame_combine.split_rows(self._df, comparison_dict)
        return DynamicFrameCollection(
            {name1: self._derive(matched, name=name1), name2: self._derive(rest, name=name2)}, self.glue_ctx
        )

    def spigot(self, path, options={}, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        from glue_local.s3_write import write_sample

        write_sample(self._df, path, options or {})
        return self

    def write(self, connection_type, connection_options={}, format=None, format_options={}, accumulator_size=0):
        return self.glue_ctx.write_from_options(self, connection_type, connection_options, format, format_options)

    def __repr__(self):
        return "DynamicFrame(name=%r, columns=%r)" % (self.name, self._df.columns)


class DynamicFrameCollection(object):
    def __init__(self, dynamic_frames, glue_ctx):
        if isinstance(dynamic_frames, list):
            dynamic_frames = dict((frame.name, frame) for frame in dynamic_frames)
        elif not isinstance(dynamic_frames, dict):
            raise TypeError("dynamic_frames must be list or dict.")
        self._frames = dict(dynamic_frames)
        self.glue_ctx = glue_ctx

    def __getitem__(self, key):
        return self._frames[key]

    def __len__(self):
        return len(self._frames)

    def __iter__(self):
        return iter(self._frames)

    def keys(self):
        return self._frames.keys()

    def values(self):
        return self._frames.values()

    def items(self):
        return self._frames.items()

    def select(self, key, transformation_ctx=""):
        if key in self._frames:
            return self._frames[key]
        spark = self.glue_ctx.spark_session
        return DynamicFrame(spark.createDataFrame([], glue_to_spark(spark_to_glue(_empty_schema()))), self.glue_ctx, key)

    def map(self, callable, transformation_ctx=""):
        out = {}
        for key, frame in self._frames.items():
            result = callable(frame, transformation_ctx + ":" + key)
            if not isinstance(result, DynamicFrame):
                raise TypeError("callable must return a DynamicFrame. Got %s" % type(result).__name__)
            out[key] = result
        return DynamicFrameCollection(out, self.glue_ctx)

    def flatmap(self, f, transformation_ctx=""):
        out = {}
        for frame in self._frames.values():
            result = f(frame, transformation_ctx + ":" + frame.name)
            if isinstance(result, DynamicFrameCollection):
                out.update(result._frames)
            elif isinstance(result, DynamicFrame):
                out[result.name] = result
            else:
                raise TypeError("f must return a DynamicFrame or a DynamicFrameCollection. Got %s" % type(result).__name__)
        return DynamicFrameCollection(out, self.glue_ctx)

    def __repr__(self):
        return "DynamicFrameCollection(%r)" % sorted(self._frames)


def _empty_schema():
    from pyspark.sql.types import StructType

    return StructType([])


class DynamicFrameReader(object):
    """glueContext.create_dynamic_frame: from_options, from_catalog, from_rdd."""

    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_options(self, connection_type, connection_options={}, format=None, format_options={},
                     transformation_ctx="", push_down_predicate="", **kwargs):
        return self._glue_context.create_dynamic_frame_from_options(
            connection_type, connection_options, format, format_options, transformation_ctx, push_down_predicate, **kwargs
        )

    def from_catalog(self, database=None, table_name=None, redshift_tmp_dir="", transformation_ctx="",
                     push_down_predicate="", additional_options={}, catalog_id=None, **kwargs):
        return self._glue_context.create_dynamic_frame_from_catalog(
            database, table_name, redshift_tmp_dir, transformation_ctx, push_down_predicate, additional_options,
            catalog_id, **kwargs
        )

    def from_rdd(self, data, name, schema=None, sampleRatio=None):
        return self._glue_context.create_dynamic_frame_from_rdd(data, name, schema, sampleRatio)


class DynamicFrameWriter(object):
    """glueContext.write_dynamic_frame: from_options, from_catalog."""

    def __init__(self, glue_context):
        self._glue_context = glue_context

    def from_options(self, frame, connection_type, connection_options={}, format=None, format_options={},
                     transformation_ctx=""):
        return self._glue_context.write_dynamic_frame_from_options(
            frame, connection_type, connection_options, format, format_options, transformation_ctx
        )

    def from_catalog(self, frame, database=None, table_name=None, redshift_tmp_dir="", transformation_ctx="",
                     additional_options={}, catalog_id=None, **kwargs):
        return self._glue_context.write_dynamic_frame_from_catalog(
            frame, database, table_name, redshift_tmp_dir, transformation_ctx, additional_options, catalog_id, **kwargs
        )

    def from_jdbc_conf(self, frame, catalog_connection, connection_options={}, redshift_tmp_dir="",
                       transformation_ctx=""):
        raise not_offered("write_dynamic_frame.from_jdbc_conf", "JDBC connections are not reachable offline.")
