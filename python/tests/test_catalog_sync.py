# SPDX-License-Identifier: Apache-2.0
"""catalog_sync against a real local endpoint (dist/cli/glue-kernel.js local, built by npm test):
the Glue Data Catalog as Spark's catalog, both ways, in the suite's local SparkSession."""

import os
import subprocess
import uuid

import boto3
import pytest

from glue_local import catalog_sync, spark_s3

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.path.join(REPO, "dist", "cli", "glue-kernel.js")
ON = ["glue-session", "--enable-glue-datacatalog", "true"]


@pytest.fixture(scope="module")
def endpoint_url():
    if not os.path.exists(CLI):
        pytest.fail("%s is missing: run npm run build first" % CLI)
    process = subprocess.Popen(
        ["node", CLI, "local", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = None
    for line in process.stdout:
        if "listening on " in line:
            url = line.split("listening on ", 1)[1].strip()
            break
    if url is None:
        process.kill()
        pytest.fail("the local endpoint did not start")
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def glue(endpoint_url):
    return boto3.client(
        "glue",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="AKIDLOCALGLUEKERNEL",
        aws_secret_access_key="glue-kernel-local-secret",
    )


@pytest.fixture
def db(glue):
    """A fresh database name (the catalog is shared by the module's tests)."""
    return "db_%s" % uuid.uuid4().hex[:8]


def partition_values(glue, db, table):
    pages = glue.get_paginator("get_partitions").paginate(DatabaseName=db, TableName=table)
    return sorted(tuple(p["Values"]) for page in pages for p in page["Partitions"])


def test_nothing_is_installed_when_the_catalog_is_off(spark, glue, db):
    glue.create_database(DatabaseInput={"Name": db})
    assert catalog_sync.install(spark, ["glue-session", "--enable-glue-datacatalog", "false"], glue) is False
    catalog_sync.before_statement("spark.sql('show databases')")
    assert db not in [row[0] for row in spark.sql("show databases").collect()]


def test_glue_tables_are_spark_tables_with_partition_pruning(spark, glue, db, bucket):
    spark_s3.install(spark)
    location = "s3://%s/orders/" % bucket
    rows = [(1, "2024", "eu"), (2, "2024", "us"), (3, "2025", "eu")]
    spark.createDataFrame(rows, "id long, year string, region string").write.partitionBy(
        "year", "region"
    ).parquet(location)
    glue.create_database(DatabaseInput={"Name": db})
    glue.create_table(
        DatabaseName=db,
        TableInput={
            "Name": "orders",
            "Parameters": {"classification": "parquet"},
            "PartitionKeys": [{"Name": "year", "Type": "string"}, {"Name": "region", "Type": "string"}],
            "StorageDescriptor": {"Columns": [{"Name": "id", "Type": "bigint"}], "Location": location},
        },
    )
    # Glue lists two of the three partitions on disk: Spark sees exactly those.
    glue.batch_create_partition(
        DatabaseName=db,
        TableName="orders",
        PartitionInputList=[
            {"Values": [y, r], "StorageDescriptor": {"Location": "%syear=%s/region=%s/" % (location, y, r)}}
            for y, r in [("2024", "eu"), ("2025", "eu")]
        ],
    )
    assert catalog_sync.install(spark, ON, glue) is True
    assert db in [row[0] for row in spark.sql("show databases").collect()]
    assert [t.name for t in spark.catalog.listTables(db)] == ["orders"]
    assert sorted(r.id for r in spark.sql("select id from %s.orders" % db).collect()) == [1, 3]
    pruned = spark.sql("select id from %s.orders where year = '2025'" % db)
    plan = pruned._jdf.queryExecution().executedPlan().toString()
    assert "year=2025" in plan and "year=2024" not in plan
    assert [r.id for r in pruned.collect()] == [3]

    glue.delete_partition(DatabaseName=db, TableName="orders", PartitionValues=["2025", "eu"])
    catalog_sync.before_statement("spark.sql('select ...')")
    assert [r.id for r in spark.sql("select id from %s.orders" % db).collect()] == [1]


def test_a_csv_table_reads_with_its_header_and_delimiter(spark, glue, db, bucket):
    from glue_local.s3_paths import local_path

    path = local_path("s3://%s/people/part-0.csv" % bucket)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as file:
        file.write("name|age\nann|30\nbob|40\n")
    glue.create_database(DatabaseInput={"Name": db})
    glue.create_table(
        DatabaseName=db,
        TableInput={
            "Name": "people",
            "Parameters": {"classification": "csv", "skip.header.line.count": "1"},
            "StorageDescriptor": {
                "Columns": [{"Name": "name", "Type": "string"}, {"Name": "age", "Type": "int"}],
                "Location": "s3://%s/people/" % bucket,
                "SerdeInfo": {
                    "SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
                    "Parameters": {"field.delim": "|"},
                },
            },
        },
    )
    assert catalog_sync.install(spark, ON, glue) is True
    rows = spark.sql("select name, age from %s.people order by age" % db).collect()
    assert [(r.name, r.age) for r in rows] == [("ann", 30), ("bob", 40)]


def test_tables_spark_creates_are_written_back_to_glue(spark, glue, db, bucket):
    assert catalog_sync.install(spark, ON, glue) is True
    code = "spark.sql('CREATE ...'); df.write.saveAsTable(...)"
    catalog_sync.before_statement(code)
    spark.sql("CREATE DATABASE %s" % db)
    spark.sql(
        "CREATE TABLE %s.made USING parquet LOCATION 's3://%s/made/' AS SELECT 1 AS a, 'x' AS b" % (db, bucket)
    )
    spark.createDataFrame([(5, "2030", "eu")], "id long, year string, region string").write.partitionBy(
        "year"
    ).saveAsTable("%s.events" % db)
    spark.sql("INSERT INTO %s.events VALUES (6, 'us', '2031')" % db)
    catalog_sync.after_statement(code)

    assert sorted(t["Name"] for t in glue.get_tables(DatabaseName=db)["TableList"]) == ["events", "made"]
    made = glue.get_table(DatabaseName=db, Name="made")["Table"]
    assert made["StorageDescriptor"]["Location"].rstrip("/") == "s3://%s/made" % bucket
    assert made["Parameters"]["classification"] == "parquet"
    assert [c["Name"] for c in made["StorageDescriptor"]["Columns"]] == ["a", "b"]
    events = glue.get_table(DatabaseName=db, Name="events")["Table"]
    assert [k["Name"] for k in events["PartitionKeys"]] == ["year"]
    assert partition_values(glue, db, "events") == [("2030",), ("2031",)]

    spark.sql("DROP TABLE %s.made" % db)
    catalog_sync.after_statement("spark.sql('DROP TABLE ...')")
    assert [t["Name"] for t in glue.get_tables(DatabaseName=db)["TableList"]] == ["events"]


class RefusingGetTable:
    """The endpoint's Glue client as a role that may list tables (GetTables) but not GetTable them."""

    def __init__(self, glue):
        self._glue = glue

    def __getattr__(self, name):
        return getattr(self._glue, name)

    def get_table(self, **kwargs):
        from botocore.exceptions import ClientError

        message = "User: arn:aws:sts::123456789012:assumed-role/NoGetTable/GlueJobRunnerSession is not authorized to perform: glue:GetTable"
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": message}}, "GetTable")


def test_a_table_the_role_may_not_get_is_not_read_and_the_refusal_is_what_the_statement_raises(
    spark, glue, db, bucket
):
    from pyspark.errors import AnalysisException

    spark_s3.install(spark)
    spark.createDataFrame([(1,)], "id long").write.parquet("s3://%s/secret/" % bucket)
    glue.create_database(DatabaseInput={"Name": db})
    glue.create_table(
        DatabaseName=db,
        TableInput={
            "Name": "secret",
            "Parameters": {"classification": "parquet"},
            "StorageDescriptor": {
                "Columns": [{"Name": "id", "Type": "bigint"}],
                "Location": "s3://%s/secret/" % bucket,
            },
        },
    )
    assert catalog_sync.install(spark, ON, RefusingGetTable(glue)) is True
    with pytest.raises(AnalysisException) as raised:
        spark.sql("select * from %s.secret" % db)
    explained = catalog_sync.explain(raised.value)
    assert type(explained).__name__ == "AccessDeniedException"
    assert "not authorized to perform: glue:GetTable" in str(explained)
    assert catalog_sync.explain(AnalysisException("[TABLE_OR_VIEW_NOT_FOUND] `%s`.`other`" % db)) is None
