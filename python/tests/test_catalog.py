# SPDX-License-Identifier: Apache-2.0
"""from_catalog and write ... from_catalog against a Glue Data Catalog served by moto's server
(the same published API calls reach glue-kernel's local endpoint)."""

import os

import pytest

from conftest import put, records

from glue_local.s3_paths import local_path


@pytest.fixture(scope="module")
def catalog_endpoint(moto_url):
    url = moto_url
    saved = dict((k, os.environ.get(k)) for k in ("AWS_ENDPOINT_URL_GLUE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                                  "AWS_DEFAULT_REGION", "AWS_SESSION_TOKEN"))
    os.environ.update(AWS_ENDPOINT_URL_GLUE=url, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                      AWS_DEFAULT_REGION="us-east-1")
    os.environ.pop("AWS_SESSION_TOKEN", None)
    yield url
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def glue(catalog_endpoint):
    import boto3

    return boto3.client("glue")


def create_table(glue, database, name, location, fmt, columns, partition_keys=(), serde_params=None, params=None):
    serdes = {"csv": ("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", "org.apache.hadoop.mapred.TextInputFormat"),
              "parquet": ("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
                          "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")}
    lib, input_format = serdes[fmt]
    glue.create_table(DatabaseName=database, TableInput={
        "Name": name,
        "Parameters": params or {},
        "PartitionKeys": [{"Name": k, "Type": t} for k, t in partition_keys],
        "StorageDescriptor": {
            "Columns": [{"Name": c, "Type": t} for c, t in columns],
            "Location": location,
            "InputFormat": input_format,
            "SerdeInfo": {"SerializationLibrary": lib, "Parameters": serde_params or {}},
        },
    })


def test_from_catalog_reads_a_csv_table_with_catalog_column_names(glue_context, glue, bucket):
    glue.create_database(DatabaseInput={"Name": "db_csv"})
    create_table(glue, "db_csv", "people", "s3://%s/people/" % bucket, "csv", [("id", "bigint"), ("name", "string")],
                 serde_params={"field.delim": "|"})
    put("s3://%s/people/part-0.csv" % bucket, "1|Ann\n2|Bob\n")
    frame = glue_context.create_dynamic_frame.from_catalog(database="db_csv", table_name="people")
    assert frame.name == "people"
    assert records(frame) == [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bob"}]
    df = glue_context.create_data_frame.from_catalog(name_space="db_csv", table_name="people")
    assert df.count() == 2
    with pytest.raises(Exception, match="Parameter name_space or database is missing."):
        glue_context.create_dynamic_frame.from_catalog(table_name="people")


def test_write_from_catalog_adds_partitions_and_push_down_predicate_prunes(glue_context, glue, bucket, spark):
    from awsglue.dynamicframe import DynamicFrame

    glue.create_database(DatabaseInput={"Name": "db_events"})
    create_table(glue, "db_events", "events", "s3://%s/events/" % bucket, "parquet", [("id", "bigint")],
                 partition_keys=[("year", "string")], params={"classification": "parquet"})
    frame = DynamicFrame.fromDF(spark.createDataFrame([(1, "2024"), (2, "2025"), (3, "2025")], "id long, year string"),
                                glue_context, "events")
    glue_context.write_dynamic_frame.from_catalog(frame=frame, database="db_events", table_name="events",
                                                  additional_options={"enableUpdateCatalog": True,
                                                                      "partitionKeys": ["year"]})
    partitions = glue.get_partitions(DatabaseName="db_events", TableName="events")["Partitions"]
    assert sorted(p["Values"][0] for p in partitions) == ["2024", "2025"]
    assert os.path.isdir(local_path("s3://%s/events/year=2025/" % bucket))
    all_rows = glue_context.create_dynamic_frame.from_catalog(database="db_events", table_name="events")
    assert sorted((r["id"], r["year"]) for r in records(all_rows)) == [(1, "2024"), (2, "2025"), (3, "2025")]
    pruned = glue_context.create_dynamic_frame.from_catalog(database="db_events", table_name="events",
                                                            push_down_predicate="(year == '2025')")
    assert sorted(r["id"] for r in records(pruned)) == [2, 3]

    glue_context.purge_table("db_events", "events", {"retentionPeriod": 0, "partitionPredicate": "year == '2024'"})
    partitions = glue.get_partitions(DatabaseName="db_events", TableName="events")["Partitions"]
    assert [p["Values"][0] for p in partitions] == ["2025"]


def test_write_data_frame_from_catalog_and_match_catalog(glue_context, glue, bucket, spark):
    from conftest import frame_of

    glue.create_database(DatabaseInput={"Name": "db_match"})
    create_table(glue, "db_match", "t", "s3://%s/t/" % bucket, "parquet", [("v", "bigint")],
                 params={"classification": "parquet"})
    frame = frame_of(glue_context, [{"v": 1}, {"v": "2"}])
    resolved = frame.resolveChoice(choice="match_catalog", database="db_match", table_name="t")
    assert resolved.schema().getField("v").dataType.typeName() == "long"
    glue_context.write_data_frame.from_catalog(frame=resolved.toDF(), database="db_match", table_name="t")
    assert sorted(r.v for r in spark.read.parquet("s3://%s/t/" % bucket).collect()) == [1, 2]


def test_get_sink_with_catalog_info_creates_the_table_and_adds_partitions(glue_context, glue, bucket, spark):
    from awsglue.dynamicframe import DynamicFrame

    glue.create_database(DatabaseInput={"Name": "db_sink"})
    df = spark.createDataFrame([(1, "a", "2024"), (2, "b", "2025")], "id long, name string, year string")
    sink = glue_context.getSink(path="s3://%s/sink/" % bucket, connection_type="s3",
                                updateBehavior="UPDATE_IN_DATABASE", partitionKeys=["year"],
                                enableUpdateCatalog=True, transformation_ctx="sink_node")
    sink.setCatalogInfo(catalogDatabase="db_sink", catalogTableName="people")
    sink.setFormat("glueparquet")
    sink.writeFrame(DynamicFrame.fromDF(df, glue_context, "people"))
    table = glue.get_table(DatabaseName="db_sink", Name="people")["Table"]
    assert [(c["Name"], c["Type"]) for c in table["StorageDescriptor"]["Columns"]] == [("id", "bigint"), ("name", "string")]
    assert [k["Name"] for k in table["PartitionKeys"]] == ["year"]
    partitions = glue.get_partitions(DatabaseName="db_sink", TableName="people")["Partitions"]
    assert sorted(p["Values"][0] for p in partitions) == ["2024", "2025"]
    back = glue_context.create_dynamic_frame.from_catalog(database="db_sink", table_name="people")
    assert sorted((r["id"], r["name"], r["year"]) for r in records(back)) == [(1, "a", "2024"), (2, "b", "2025")]
