# SPDX-License-Identifier: Apache-2.0
"""Spark's own readers, writers, SQL LOCATIONs and RDD file APIs reach s3:// and s3a:// buckets."""

import json
import os

from conftest import put

from glue_local.s3_paths import local_path


def test_spark_reads_and_writes_s3_and_s3a(glue_context, spark, bucket):
    spark.range(3).write.parquet("s3://%s/range/" % bucket)
    assert any(f.endswith(".parquet") for f in os.listdir(local_path("s3://%s/range/" % bucket)))
    assert spark.read.parquet("s3a://%s/range/" % bucket).count() == 3
    df = spark.read.format("parquet").load("s3://%s/range" % bucket)
    assert sorted(r.id for r in df.collect()) == [0, 1, 2]
    from pyspark.sql import functions as F

    names = [r[0] for r in df.select(F.input_file_name()).collect()]
    assert all(n.startswith("s3://%s/range/" % bucket) for n in names)


def test_sql_location_and_text_file(glue_context, spark, bucket):
    table = "t_%s" % bucket.replace("-", "_")
    spark.sql("CREATE TABLE %s (id BIGINT) USING parquet LOCATION 's3://%s/tables/t1/'" % (table, bucket))
    spark.sql("INSERT INTO %s VALUES (7)" % table)
    assert [r.id for r in spark.sql("SELECT id FROM %s" % table).collect()] == [7]
    assert any(f.endswith(".parquet") for f in os.listdir(local_path("s3://%s/tables/t1/" % bucket)))
    put("s3://%s/text/a.txt" % bucket, "x\ny\n")
    assert spark.sparkContext.textFile("s3://%s/text/" % bucket).collect() == ["x", "y"]


def test_mapped_bucket_reads_an_existing_folder(glue_context, spark, tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.json").write_text('{"id": 1}\n')
    monkeypatch.setenv("GLUE_KERNEL_S3_BUCKETS", json.dumps({"raw-data-mapped": str(tmp_path / "data")}))
    assert spark.read.json("s3://raw-data-mapped/").count() == 1
    frame = glue_context.create_dynamic_frame.from_options("s3", {"paths": ["s3://raw-data-mapped/"]}, format="json")
    assert frame.count() == 1
