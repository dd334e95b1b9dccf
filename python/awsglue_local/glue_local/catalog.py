# SPDX-License-Identifier: Apache-2.0
"""The Glue Data Catalog through boto3's glue client, using only published API calls (GetTable,
GetPartitions, BatchCreatePartition, BatchDeletePartition). In a local session the client reaches
the local endpoint through AWS_ENDPOINT_URL_GLUE and the session role's credentials."""

import copy

from glue_local import catalog_tables


def client():
    import boto3

    return boto3.client("glue")


def _catalog_kw(catalog_id):
    return {"CatalogId": catalog_id} if catalog_id else {}


def get_table(database, table_name, catalog_id=None):
    return client().get_table(DatabaseName=database, Name=table_name, **_catalog_kw(catalog_id))["Table"]


def table_format(table):
    """(format, format_options) of a catalog table from its classification, SerDe or InputFormat."""
    params = dict(table.get("Parameters") or {})
    sd = table.get("StorageDescriptor") or {}
    serde = sd.get("SerdeInfo") or {}
    serde_params = serde.get("Parameters") or {}
    fmt = catalog_tables.table_format(table)  # the same rule as Spark's catalog uses
    if not fmt:
        raise ValueError(
            "Cannot tell the data format of table %s: set its Parameters classification to csv, json, "
            "parquet or orc" % table.get("Name")
        )
    options = {}
    if fmt == "csv":
        sep = serde_params.get("field.delim") or serde_params.get("separatorChar") or params.get("delimiter")
        if sep:
            options["separator"] = sep
        if serde_params.get("quoteChar"):
            options["quoteChar"] = serde_params["quoteChar"]
        if serde_params.get("escapeChar"):
            options["escaper"] = serde_params["escapeChar"]
        if str(params.get("skip.header.line.count", "0")).strip() == "1":
            options["withHeader"] = True
    return fmt, options


def column_types(database, table_name, catalog_id=None):
    """{lower-cased column name: catalog type} of a table (columns and partition keys)."""
    table = get_table(database, table_name, catalog_id)
    columns = ((table.get("StorageDescriptor") or {}).get("Columns") or []) + (table.get("PartitionKeys") or [])
    return dict((c["Name"].lower(), c.get("Type", "string")) for c in columns)


def get_partitions(database, table_name, expression="", catalog_id=None):
    glue = client()
    kwargs = dict(DatabaseName=database, TableName=table_name, **_catalog_kw(catalog_id))
    if expression:
        kwargs["Expression"] = expression
    partitions, token = [], None
    while True:
        page = glue.get_partitions(NextToken=token, **kwargs) if token else glue.get_partitions(**kwargs)
        partitions.extend(page.get("Partitions", []))
        token = page.get("NextToken")
        if not token:
            return partitions


def add_partitions(database, table, values_list, catalog_id=None):
    """BatchCreatePartition for partition values not yet in the catalog (100 per call)."""
    existing = set(tuple(p["Values"]) for p in get_partitions(database, table["Name"], catalog_id=catalog_id))
    sd = table.get("StorageDescriptor") or {}
    keys = [k["Name"] for k in table.get("PartitionKeys") or []]
    inputs = []
    for values in values_list:
        if tuple(values) in existing:
            continue
        part_sd = copy.deepcopy(sd)
        suffix = "/".join("%s=%s" % (k, v) for k, v in zip(keys, values))
        part_sd["Location"] = sd.get("Location", "").rstrip("/") + "/" + suffix + "/"
        inputs.append({"Values": list(values), "StorageDescriptor": part_sd})
    glue = client()
    for start in range(0, len(inputs), 100):
        answer = glue.batch_create_partition(
            DatabaseName=table.get("DatabaseName") or database,
            TableName=table["Name"],
            PartitionInputList=inputs[start : start + 100],
            **_catalog_kw(catalog_id)
        )
        failed = [e for e in answer.get("Errors", []) if (e.get("ErrorDetail") or {}).get("ErrorCode") != "AlreadyExistsException"]
        if failed:
            raise RuntimeError("BatchCreatePartition failed for %s: %s" % (table["Name"], failed))
    return len(inputs)


def delete_partitions(database, table_name, values_list, catalog_id=None):
    glue = client()
    for start in range(0, len(values_list), 25):
        glue.batch_delete_partition(
            DatabaseName=database,
            TableName=table_name,
            PartitionsToDelete=[{"Values": list(v)} for v in values_list[start : start + 25]],
            **_catalog_kw(catalog_id)
        )
