# SPDX-License-Identifier: Apache-2.0
"""GlueContext construction, from_rdd, create_data_frame, purge_s3_path, get_logger,
describe_transform and awsglue.functions."""

import json
import os
import time

from conftest import put, records

from glue_local.s3_paths import local_path


def test_glue_context_from_session_or_nothing(spark):
    from awsglue.context import GlueContext

    assert GlueContext(spark).spark_session is spark
    assert GlueContext().spark_session.sparkContext is spark.sparkContext


def test_from_rdd_infers_choices_from_dicts(glue_context, spark):
    rdd = spark.sparkContext.parallelize([{"id": 1}, {"id": "two"}], 1)
    frame = glue_context.create_dynamic_frame.from_rdd(rdd, "nums")
    assert frame.name == "nums" and frame.schema().getField("id").dataType.typeName() == "choice"
    rows = glue_context.create_dynamic_frame_from_rdd([(1, "a")], "t", schema="id long, s string")
    assert records(rows) == [{"id": 1, "s": "a"}]


def test_create_data_frame_from_options_returns_a_spark_data_frame(glue_context, bucket):
    put("s3://%s/d/a.json" % bucket, '{"id": 1}\n')
    df = glue_context.create_data_frame.from_options("s3", {"paths": ["s3://%s/d/" % bucket]}, format="json")
    assert [r.id for r in df.collect()] == [1]


def test_purge_s3_path_keeps_files_within_the_retention_period(glue_context, bucket):
    old = put("s3://%s/p/old.json" % bucket, "{}")
    put("s3://%s/p/sub/new.json" % bucket, "{}")
    long_ago = time.time() - 10 * 24 * 3600
    os.utime(old, (long_ago, long_ago))
    glue_context.purge_s3_path("s3://%s/p/" % bucket, {"manifestFilePath": "s3://%s/manifest/" % bucket})
    assert not os.path.exists(old)
    assert os.path.exists(local_path("s3://%s/p/sub/new.json" % bucket))
    with open(local_path("s3://%s/manifest/Success.csv" % bucket)) as manifest:
        assert manifest.read() == "s3://%s/p/old.json\n" % bucket
    glue_context.purge_s3_path("s3://%s/p/" % bucket, {"retentionPeriod": 0})
    assert not os.path.exists(local_path("s3://%s/p/sub/new.json" % bucket))


def test_logger_writes_lines(glue_context, capsys):
    glue_context.get_logger().info("loaded 3 rows")
    assert "INFO GlueLogger: loaded 3 rows" in capsys.readouterr().err


def test_describe_transform_and_registry():
    from awsglue.transforms import describe_transform, get_transform, get_transforms

    assert len(get_transforms()) == 22
    assert get_transform("APPLYMAPPING").name() == "ApplyMapping"
    assert get_transform("nope") is None
    described = json.loads(describe_transform("SplitRows"))["transform"]
    assert described["name"] == "SplitRows" and described["returns"]["type"] == "DynamicFrameCollection"


def test_functions_and_data_frame_apply_mapping(spark):
    from awsglue.dataframe_transforms import ApplyMapping
    from awsglue.functions import explodeWithIndex, replaceArrayElement

    df = spark.createDataFrame([([1, 2, 3], 9)], "xs array<int>, y int")
    assert df.select(replaceArrayElement("xs", "y", 1).alias("r")).first().r == [1, 9, 3]
    assert [tuple(r) for r in df.select(explodeWithIndex("xs")).collect()] == [(0, 1), (1, 2), (2, 3)]
    mapped = ApplyMapping.apply(df, [("y", "int", "why", "string")])
    assert mapped.columns == ["why"] and mapped.first().why == "9"


def test_get_source_reads_with_set_format(glue_context, bucket):
    put("s3://%s/src/a.json" % bucket, '{"id": 3}\n')
    source = glue_context.getSource("file", paths=["s3://%s/src/" % bucket])
    source.setFormat("json")
    assert records(source.getFrame()) == [{"id": 3}]
