"""Every Data Catalog operation through boto3, checked against botocore's published Glue model.

Run by test/integration/local-catalog-boto3.test.ts against a local endpoint:
  python catalog_contract.py   (env: ENDPOINT, ADMIN_KEY, ADMIN_SECRET, ANALYST_KEY, ANALYST_SECRET)

boto3 validates each request before sending it (parameter validation stays on); a hook then checks
the JSON actually sent and the JSON received against the operation's input and output shapes of
the model botocore ships (members, types, required members, lengths, patterns, enums, ranges).
Prints one JSON report; exits 1 when an expectation or the model check fails.
"""

import datetime
import json
import os
import re
import sys

import boto3
import botocore.session
from botocore.exceptions import ClientError

MODEL = botocore.session.get_session().get_service_model("glue")
PROBLEMS = []
SEEN = {}
# Set while a test sends a request it knows breaks the model (the server must refuse it).
SENDING_INVALID = []


def java_pattern(pattern):
    """A Java regex from the model as a Python one (surrogate pairs become code point ranges)."""
    pattern = pattern.replace("\\uD800\\uDC00-\\uDBFF\\uDFFF", "\\U00010000-\\U0010FFFF")
    return re.compile(pattern)


def check(value, shape, path, wire_timestamps=True):
    kind = shape.type_name
    meta = shape.metadata
    where = path or "(top)"
    if kind == "structure":
        if not isinstance(value, dict):
            return PROBLEMS.append("%s: expected a structure, got %r" % (where, value))
        for name in meta.get("required", []):
            if value.get(name) is None:
                PROBLEMS.append("%s.%s: required member missing" % (path, name))
        for name, item in value.items():
            if name not in shape.members:
                PROBLEMS.append("%s.%s: not a member of %s" % (path, name, shape.name))
            elif item is not None:
                check(item, shape.members[name], "%s.%s" % (path, name), wire_timestamps)
    elif kind == "list":
        if not isinstance(value, list):
            return PROBLEMS.append("%s: expected a list" % where)
        size(value, meta, where)
        for i, item in enumerate(value):
            check(item, shape.member, "%s[%d]" % (path, i), wire_timestamps)
    elif kind == "map":
        if not isinstance(value, dict):
            return PROBLEMS.append("%s: expected a map" % where)
        size(value, meta, where)
        for key, item in value.items():
            check(key, shape.key, "%s.key" % path, wire_timestamps)
            check(item, shape.value, "%s[%s]" % (path, key), wire_timestamps)
    elif kind == "string":
        if not isinstance(value, str):
            return PROBLEMS.append("%s: expected a string, got %r" % (where, value))
        size(value, meta, where)
        if "pattern" in meta and not java_pattern(meta["pattern"]).fullmatch(value):
            PROBLEMS.append("%s: %r does not match %s" % (where, value[:80], meta["pattern"]))
        if shape.enum and value not in shape.enum:
            PROBLEMS.append("%s: %r is not one of %s" % (where, value, shape.enum))
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            return PROBLEMS.append("%s: expected an integer, got %r" % (where, value))
        if "min" in meta and value < meta["min"] or "max" in meta and value > meta["max"]:
            PROBLEMS.append("%s: %r out of range" % (where, value))
    elif kind in ("double", "float"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            PROBLEMS.append("%s: expected a number, got %r" % (where, value))
    elif kind == "boolean":
        if not isinstance(value, bool):
            PROBLEMS.append("%s: expected a boolean, got %r" % (where, value))
    elif kind == "timestamp":
        ok = isinstance(value, (int, float)) if wire_timestamps else isinstance(value, datetime.datetime)
        if not ok or isinstance(value, bool):
            PROBLEMS.append("%s: expected a timestamp (epoch seconds), got %r" % (where, value))


def size(value, meta, where):
    if "min" in meta and len(value) < meta["min"]:
        PROBLEMS.append("%s: shorter than %d" % (where, meta["min"]))
    if "max" in meta and len(value) > meta["max"]:
        PROBLEMS.append("%s: longer than %d" % (where, meta["max"]))


def on_send(request, **_):
    operation = request.headers["X-Amz-Target"].decode().split(".", 1)[1]
    body = json.loads(request.body or b"{}")
    if SENDING_INVALID:
        return
    check(body, MODEL.operation_model(operation).input_shape, operation + " request")


def on_response(http_response, model, **_):
    SEEN[model.name] = SEEN.get(model.name, 0) + 1
    body = json.loads(http_response.content or b"{}")
    if http_response.status_code == 200:
        shape = model.output_shape
        if shape is None:
            if body != {}:
                PROBLEMS.append("%s response: expected {}, got %r" % (model.name, body))
        else:
            check(body, shape, model.name + " response")
    else:
        known = [e.name for e in model.error_shapes] + ["AccessDeniedException"]
        if body.get("__type") not in known or not body.get("message"):
            PROBLEMS.append("%s error: %r is not a modelled error of the operation" % (model.name, body))


def client(key, secret):
    glue = boto3.client(
        "glue",
        endpoint_url=os.environ["ENDPOINT"],
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )
    glue.meta.events.register("before-send.glue", on_send)
    glue.meta.events.register("after-call.glue", on_response)
    return glue


def expect_error(code, call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as error:
        if error.response["Error"]["Code"] != code:
            PROBLEMS.append("%s: expected %s, got %s" % (call.__name__, code, error.response["Error"]))
        return error.response["Error"]["Message"]
    PROBLEMS.append("%s(%s): expected %s, got success" % (call.__name__, kwargs, code))
    return ""


def expect(label, actual, wanted):
    if actual != wanted:
        PROBLEMS.append("%s: expected %r, got %r" % (label, wanted, actual))


def paginate(glue, operation, key, **kwargs):
    pages = list(glue.get_paginator(operation).paginate(**kwargs))
    return [item for page in pages for item in page[key]], len(pages)


def main():
    import botocore.config  # noqa: F401  (used by client())

    admin = client(os.environ["ADMIN_KEY"], os.environ["ADMIN_SECRET"])
    analyst = client(os.environ["ANALYST_KEY"], os.environ["ANALYST_SECRET"])
    report = {}

    admin.create_database(DatabaseInput={"Name": "Sales", "Description": "orders", "LocationUri": "s3://data/"})
    for i in range(3):
        admin.create_database(DatabaseInput={"Name": "extra_%d" % i})
    expect_error("AlreadyExistsException", admin.create_database, DatabaseInput={"Name": "sales"})
    expect("GetDatabase", admin.get_database(Name="SALES")["Database"]["Name"], "sales")
    admin.update_database(Name="sales", DatabaseInput={"Name": "sales", "Description": "v2"})
    databases, pages = paginate(admin, "get_databases", "DatabaseList", PaginationConfig={"PageSize": 2})
    expect("GetDatabases pages", (len(databases), pages), (4, 2))
    admin.delete_database(Name="extra_2")
    expect_error("EntityNotFoundException", admin.get_database, Name="extra_2")
    SENDING_INVALID.append(True)
    report["too_long"] = expect_error("InvalidInputException", admin.get_database, Name="x" * 300)
    SENDING_INVALID.clear()

    columns = [{"Name": "id", "Type": "bigint"}, {"Name": "amount", "Type": "decimal(10,2)"}]
    orders = {
        "Name": "orders",
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": "parquet"},
        "PartitionKeys": [{"Name": "year", "Type": "int"}, {"Name": "month", "Type": "string"}],
        "StorageDescriptor": {
            "Columns": columns,
            "Location": "s3://data/orders/",
            "InputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
            "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"},
        },
    }
    admin.create_table(DatabaseName="sales", TableInput=orders)
    for i in range(5):
        admin.create_table(DatabaseName="sales", TableInput={"Name": "t_%d" % i})
    expect_error("AlreadyExistsException", admin.create_table, DatabaseName="sales", TableInput=orders)
    expect_error("EntityNotFoundException", admin.create_table, DatabaseName="nodb", TableInput=orders)
    table = admin.get_table(DatabaseName="sales", Name="orders")["Table"]
    expect("GetTable", (table["Name"], table["VersionId"], table["StorageDescriptor"]["Columns"]), ("orders", "0", columns))
    tables, pages = paginate(admin, "get_tables", "TableList", DatabaseName="sales", Expression="t_.*",
                             PaginationConfig={"PageSize": 2})
    expect("GetTables", ([t["Name"] for t in tables], pages), (["t_%d" % i for i in range(5)], 3))
    admin.update_table(DatabaseName="sales", TableInput=dict(orders, Description="v1"))
    admin.update_table(DatabaseName="sales", TableInput=dict(orders, Description="v2"), SkipArchive=True)
    versions, _ = paginate(admin, "get_table_versions", "TableVersions", DatabaseName="sales", TableName="orders")
    expect("GetTableVersions", [(v["VersionId"], v["Table"].get("Description")) for v in versions],
           [("1", "v2"), ("0", None)])
    result = admin.batch_delete_table(DatabaseName="sales", TablesToDelete=["t_0", "t_1", "missing"])
    expect("BatchDeleteTable", [e["TableName"] for e in result["Errors"]], ["missing"])
    admin.delete_table(DatabaseName="sales", Name="t_2")
    expect_error("EntityNotFoundException", admin.get_table, DatabaseName="sales", Name="t_2")

    def partition(year, month):
        return {"Values": [str(year), month],
                "StorageDescriptor": dict(orders["StorageDescriptor"],
                                          Location="s3://data/orders/year=%d/month=%s/" % (year, month))}

    admin.create_partition(DatabaseName="sales", TableName="orders", PartitionInput=partition(2015, "01"))
    expect_error("AlreadyExistsException", admin.create_partition, DatabaseName="sales", TableName="orders",
                 PartitionInput=partition(2015, "01"))
    for year in (2015, 2016, 2017):
        result = admin.batch_create_partition(
            DatabaseName="sales", TableName="orders",
            PartitionInputList=[partition(year, "%02d" % m) for m in range(1, 13)])
        expect("BatchCreatePartition %d" % year, len(result["Errors"]), 1 if year == 2015 else 0)
    got = admin.get_partition(DatabaseName="sales", TableName="orders", PartitionValues=["2016", "02"])
    expect("GetPartition", got["Partition"]["Values"], ["2016", "02"])
    every, pages = paginate(admin, "get_partitions", "Partitions", DatabaseName="sales", TableName="orders",
                            PaginationConfig={"PageSize": 10})
    expect("GetPartitions pages", (len(every), pages), (36, 4))

    def years(expression):
        found, _ = paginate(admin, "get_partitions", "Partitions", DatabaseName="sales", TableName="orders",
                            Expression=expression)
        return sorted({p["Values"][0] for p in found})

    # The documented examples (year is an int key here, so the literals compare as numbers).
    expect("year='2015'", years("year='2015'"), ["2015"])
    expect("year>'2016' AND year<'2018'", years("year>'2016' AND year<'2018'"), ["2017"])
    for form in ("year>='2015' AND year<='2018'", "year BETWEEN 2015 AND 2018", "year IN (2015,2016,2017,2018)"):
        expect(form, years(form), ["2015", "2016", "2017"])
    expect("year LIKE '%7'", years("year LIKE '%7'"), ["2017"])
    expect("NOT/OR", years("NOT (year = 2015 OR month <> '01')"), ["2016", "2017"])
    report["unsupported"] = expect_error("InvalidInputException", admin.get_partitions, DatabaseName="sales",
                                         TableName="orders", Expression="year + 1 = 2016")
    segments = [paginate(admin, "get_partitions", "Partitions", DatabaseName="sales", TableName="orders",
                         Segment={"SegmentNumber": n, "TotalSegments": 3})[0] for n in range(3)]
    keys = [tuple(p["Values"]) for segment in segments for p in segment]
    expect("Segments", (len(keys), len(set(keys))), (36, 36))
    expect_error("InvalidInputException", admin.get_partitions, DatabaseName="sales", TableName="orders",
                 NextToken="bogus")
    batch = admin.batch_get_partition(DatabaseName="sales", TableName="orders",
                                      PartitionsToGet=[{"Values": ["2017", "12"]}, {"Values": ["1999", "01"]}])
    expect("BatchGetPartition", [p["Values"] for p in batch["Partitions"]], [["2017", "12"]])
    admin.update_partition(DatabaseName="sales", TableName="orders", PartitionValueList=["2017", "12"],
                           PartitionInput=dict(partition(2017, "12"), Parameters={"rows": "5"}))
    admin.delete_partition(DatabaseName="sales", TableName="orders", PartitionValues=["2017", "12"])
    expect_error("EntityNotFoundException", admin.get_partition, DatabaseName="sales", TableName="orders",
                 PartitionValues=["2017", "12"])
    result = admin.batch_delete_partition(DatabaseName="sales", TableName="orders",
                                          PartitionsToDelete=[{"Values": ["2017", "11"]}, {"Values": ["2017", "12"]}])
    expect("BatchDeletePartition", [e["ErrorDetail"]["ErrorCode"] for e in result["Errors"]],
           ["EntityNotFoundException"])

    # IAM: the analyst may read sales.orders only, and is explicitly denied DeleteTable.
    expect("analyst GetTable", analyst.get_table(DatabaseName="sales", Name="orders")["Table"]["Name"], "orders")
    report["denied"] = expect_error("AccessDeniedException", analyst.get_table, DatabaseName="sales", Name="t_3")
    report["explicit_deny"] = expect_error("AccessDeniedException", analyst.delete_table, DatabaseName="sales",
                                           Name="orders")
    expect_error("AccessDeniedException", analyst.create_database, DatabaseInput={"Name": "mine"})

    admin.delete_database(Name="sales")
    expect_error("EntityNotFoundException", admin.get_tables, DatabaseName="sales")

    report["operations"] = sorted(SEEN)
    report["calls"] = sum(SEEN.values())
    report["problems"] = PROBLEMS
    print(json.dumps(report))
    return 1 if PROBLEMS else 0


if __name__ == "__main__":
    sys.exit(main())
