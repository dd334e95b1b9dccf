# SPDX-License-Identifier: Apache-2.0
"""The Glue Data Catalog as Spark's catalog in a local session (docs/local-catalog.md, "Spark").

On Glue, `--enable-glue-datacatalog` makes the Data Catalog Spark's Hive metastore. A local
session has no metastore service, so this module keeps Spark's own in-memory catalog in step with
the catalog the local endpoint serves, at statement boundaries:

- before a statement, what changed in Glue (databases, tables, partitions) is registered in
  Spark: a table becomes an external data source table (parquet, csv, json, orc) at its location,
  with exactly the partitions Glue lists, so `select ... where key = ...` prunes partitions;
- after a statement, what the statement created or changed in Spark (CREATE TABLE, saveAsTable,
  INSERT INTO adding partitions, DROP) is written back through boto3's glue client.

boto3 finds the endpoint and the session role's credentials in the environment, so IAM applies
to what a notebook may see and change. The worker calls install(spark) once, then
before_statement(code) and after_statement(code) around each statement.
"""

import json
import re
import sys
import urllib.parse

from glue_local import catalog_tables, spark_s3

FLAG = "--enable-glue-datacatalog"
# Where Spark puts managed tables of a database that has no LocationUri (a bucket of the local store).
WAREHOUSE = "s3://glue-kernel-warehouse"

_sync = None


def enabled(argv=None):
    """On unless `--enable-glue-datacatalog false` (Glue's sessions turn it on by default)."""
    args = list(sys.argv if argv is None else argv)
    for i, arg in enumerate(args):
        if arg == FLAG and i + 1 < len(args):
            return args[i + 1].strip().lower() != "false"
        if arg.startswith(FLAG + "="):
            return arg.split("=", 1)[1].strip().lower() != "false"
    return True


def install(spark, argv=None, glue=None):
    """Makes the Data Catalog Spark's catalog; returns False (and does nothing) when disabled."""
    global _sync
    if not enabled(argv):
        _sync = None
        return False
    spark_s3.install(spark)  # table locations are s3:// URIs
    _sync = CatalogSync(spark, glue)
    _sync.pull()
    return True


def before_statement(code=None):
    if _sync is not None and _may_use_catalog(code):
        _sync.guarded(_sync.pull)


def after_statement(code=None):
    if _sync is not None and _may_change_catalog(code):
        _sync.guarded(_sync.push)


class AccessDeniedException(Exception):
    """What a statement that reads a table the session role may not GetTable raises."""


def explain(error):
    """The AccessDeniedException behind Spark's "table not found" for a table the session role may
    not read (glue:GetTable), or None: Glue's metastore client fetches a table with GetTable, so on
    Glue such a statement fails with the refusal, not with a missing table."""
    if _sync is None or not _TABLE_NOT_FOUND.search(str(error)):
        return None
    named = str(error).replace("`", "").lower()
    for (db, name), (_, refusal) in _sync.denied.items():
        if re.search(r"(?<!\w)%s\.%s(?![\w])" % (re.escape(db), re.escape(name)), named):
            explained = AccessDeniedException(refusal)
            explained.__traceback__ = error.__traceback__
            return explained
    return None


_TABLE_NOT_FOUND = re.compile(r"TABLE_OR_VIEW_NOT_FOUND|Table or view not found")


def _may_use_catalog(code):
    """Skips the round trips for statements that cannot name a table (plain Python)."""
    if code is None:
        return True
    lowered = code.lower()
    return any(word in lowered for word in ("sql", "table", "catalog", "insertinto", "spark"))


_CHANGING_WORDS = re.compile(
    r"create|drop|alter|insert|saveastable|msck|repair|truncate|replace|overwrite|load\s+data|"
    r"setcurrentdatabase|recoverpartitions",
    re.IGNORECASE,
)


def _may_change_catalog(code):
    """Only statements that can create, change or drop a table are looked at afterwards."""
    return code is None or bool(_CHANGING_WORDS.search(code))


_BUCKETS_IN_TEXT = re.compile(r"\bs3[an]?://([a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])", re.IGNORECASE)


def _warn(message):
    sys.stderr.write("glue catalog: %s\n" % message)


def _quote(name):
    return "`%s`" % name.replace("`", "``")


def _literal(text):
    return "'%s'" % str(text).replace("\\", "\\\\").replace("'", "\\'")


class CatalogSync:
    def __init__(self, spark, glue=None):
        self.spark = spark
        if glue is None:
            import boto3

            glue = boto3.client("glue")
        self.glue = glue
        # What both sides agree on: database -> {table -> signature}, and table -> partitions.
        self.databases = {}
        self.partitions = {}  # (db, table) -> {tuple(values): location}
        self.spark_tables = {}  # (db, table) -> Spark-side signature after the last sync
        self.denied = {}  # (db, table) -> (Glue signature, the GetTable refusal) for explain()
        try:
            self.glue.get_database(Name="default")
        except self.glue.exceptions.EntityNotFoundException:
            self.glue.create_database(DatabaseInput={"Name": "default"})  # as Glue does
        self.sql("ALTER DATABASE default SET LOCATION %s" % _literal(WAREHOUSE + "/default.db"))

    def sql(self, text):
        """spark.sql for catalog DDL, with the buckets it names reachable by Spark's catalog too.

        spark_s3 mounts a bucket in the SparkContext's Hadoop configuration; the in-memory catalog
        (which creates and checks table folders) works with the copy Spark's shared state took at
        start, so the mount is made there as well.
        """
        shared = self.spark._jsparkSession.sharedState().hadoopConf()
        context = self.spark.sparkContext._jsc.hadoopConfiguration()
        for bucket in set(_BUCKETS_IN_TEXT.findall(text)):
            spark_s3.mount_bucket(self.spark, bucket)
            for key in ["fs.%s.impl" % scheme for scheme in ("s3", "s3a", "s3n")] + [
                "fs.viewfs.mounttable.%s.linkFallback" % bucket
            ]:
                if context.get(key) is not None:
                    shared.set(key, context.get(key))
        return self.spark.sql(text)

    def guarded(self, step):
        try:
            step()
        except Exception as error:  # a sync problem must not fail the user's statement
            _warn("%s: %s" % (type(error).__name__, str(error).splitlines()[0][:300]))

    # -- Glue -> Spark ---------------------------------------------------------------------
    def _paginate(self, operation, key, **kwargs):
        for page in self.glue.get_paginator(operation).paginate(**kwargs):
            yield from page[key]

    def pull(self):
        glue_dbs = {db["Name"]: db for db in self._paginate("get_databases", "DatabaseList")}
        for name in list(self.databases):
            if name not in glue_dbs and name != "default":
                self.sql("DROP DATABASE IF EXISTS %s CASCADE" % _quote(name))
                self._forget_database(name)
        for name, db in glue_dbs.items():
            if name not in self.databases:
                location = db.get("LocationUri") or "%s/%s.db" % (WAREHOUSE, name)
                if name != "default":
                    self.sql(
                        "CREATE DATABASE IF NOT EXISTS %s LOCATION %s" % (_quote(name), _literal(location))
                    )
                self.databases[name] = {}
            self._pull_tables(name)

    def _forget_database(self, name):
        for table in self.databases.pop(name, {}):
            self.partitions.pop((name, table), None)
            self.spark_tables.pop((name, table), None)

    def _pull_tables(self, db):
        known = self.databases[db]
        tables = {t["Name"]: t for t in self._paginate("get_tables", "TableList", DatabaseName=db)}
        for name in list(known):
            if name not in tables:
                self.sql("DROP TABLE IF EXISTS %s.%s" % (_quote(db), _quote(name)))
                known.pop(name)
                self.partitions.pop((db, name), None)
                self.spark_tables.pop((db, name), None)
        for name, table in tables.items():
            signature = (table.get("VersionId"), str(table.get("UpdateTime")))
            if known.get(name) != signature:
                if not self._readable(db, name, signature) or not self._register(db, table):
                    continue
                known[name] = signature
            if table.get("PartitionKeys") and (db, name) in self.partitions:
                self._pull_partitions(db, table)
            self.spark_tables[(db, name)] = self._spark_signature(db, name)

    def _readable(self, db, name, signature):
        """Whether the session role may GetTable the table: GetTables lists tables a role may not
        read, and Glue's metastore client (Spark's catalog on Glue) fetches each with GetTable."""
        from botocore.exceptions import ClientError

        key = (db, name)
        if key in self.denied and self.denied[key][0] == signature:
            return False
        try:
            self.glue.get_table(DatabaseName=db, Name=name)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "AccessDeniedException":
                raise
            self.denied[key] = (signature, str(error))
            return False
        self.denied.pop(key, None)
        return True

    def _register(self, db, table):
        ddl = catalog_tables.spark_ddl(db, table)
        if ddl is None:
            return False
        self.sql("DROP TABLE IF EXISTS %s.%s" % (_quote(db), _quote(table["Name"])))
        self.sql(ddl)
        self.partitions[(db, table["Name"])] = {}
        return True

    def _pull_partitions(self, db, table):
        name = table["Name"]
        keys = [k["Name"] for k in table["PartitionKeys"]]
        known = self.partitions[(db, name)]
        current = {}
        for partition in self._paginate("get_partitions", "Partitions", DatabaseName=db, TableName=name):
            location = (partition.get("StorageDescriptor") or {}).get("Location")
            current[tuple(partition["Values"])] = location
        target = "%s.%s" % (_quote(db), _quote(name))
        gone = [values for values in known if values not in current]
        if gone:
            specs = ", ".join(catalog_tables.partition_spec(keys, values) for values in gone)
            self.sql("ALTER TABLE %s DROP IF EXISTS %s" % (target, specs))
        added = [(values, loc) for values, loc in current.items() if known.get(values, "") != loc]
        for values, location in added:
            if values in known:
                self.sql(
                    "ALTER TABLE %s DROP IF EXISTS %s" % (target, catalog_tables.partition_spec(keys, values))
                )
            clause = " LOCATION %s" % _literal(location) if location else ""
            self.sql(
                "ALTER TABLE %s ADD IF NOT EXISTS %s%s"
                % (target, catalog_tables.partition_spec(keys, values), clause)
            )
        self.partitions[(db, name)] = current

    # -- Spark -> Glue ---------------------------------------------------------------------
    def _spark_signature(self, db, name):
        """What after_statement compares: the table's columns (a new or altered schema)."""
        columns = self.spark.catalog.listColumns("%s.%s" % (_quote(db), _quote(name)))
        return json.dumps([(c.name, c.dataType, c.isPartition) for c in columns])

    def push(self):
        spark_dbs = {db.name for db in self.spark.catalog.listDatabases()}
        for name in list(self.databases):
            if name not in spark_dbs and name != "default":
                self.glue.delete_database(Name=name)
                self._forget_database(name)
        for name in spark_dbs:
            if name not in self.databases:
                location = catalog_tables.database_location(self.spark, name)
                db_input = {"Name": name}
                if location:
                    db_input["LocationUri"] = location
                try:
                    self.glue.create_database(DatabaseInput=db_input)
                except self.glue.exceptions.AlreadyExistsException:
                    pass
                self.databases[name] = {}
            self._push_tables(name)

    def _push_tables(self, db):
        known = self.databases[db]
        spark_tables = {
            t.name for t in self.spark.catalog.listTables(_quote(db)) if not t.isTemporary and t.namespace
        }
        for name in list(known):
            if name not in spark_tables:
                try:
                    self.glue.delete_table(DatabaseName=db, Name=name)
                except self.glue.exceptions.EntityNotFoundException:
                    pass
                known.pop(name)
                self.partitions.pop((db, name), None)
                self.spark_tables.pop((db, name), None)
        for name in spark_tables:
            signature = self._spark_signature(db, name)
            meta = None
            if name not in known or self.spark_tables.get((db, name)) != signature:
                meta = catalog_tables.spark_metadata(self.spark, db, name)
                table_input = catalog_tables.table_input(meta)
                if name in known:
                    self.glue.update_table(DatabaseName=db, TableInput=table_input)
                else:
                    try:
                        self.glue.create_table(DatabaseName=db, TableInput=table_input)
                    except self.glue.exceptions.AlreadyExistsException:
                        self.glue.update_table(DatabaseName=db, TableInput=table_input)
                    self.partitions[(db, name)] = {}
                table = self.glue.get_table(DatabaseName=db, Name=name)["Table"]
                known[name] = (table.get("VersionId"), str(table.get("UpdateTime")))
                self.spark_tables[(db, name)] = signature
            self._push_partitions(db, name, meta)

    def _push_partitions(self, db, name, meta):
        columns = self.spark.catalog.listColumns("%s.%s" % (_quote(db), _quote(name)))
        keys = [c.name for c in columns if c.isPartition]
        if not keys:
            return
        known = self.partitions.setdefault((db, name), {})
        rows = self.spark.sql("SHOW PARTITIONS %s.%s" % (_quote(db), _quote(name))).collect()
        current = {}
        for row in rows:
            values = tuple(urllib.parse.unquote(part.split("=", 1)[1]) for part in row[0].split("/"))
            current[values] = row[0]
        added = [values for values in current if values not in known]
        removed = [values for values in known if values not in current]
        if not added and not removed:
            return
        meta = meta or catalog_tables.spark_metadata(self.spark, db, name)
        for start in range(0, len(added), 100):
            batch = added[start : start + 100]
            inputs = [catalog_tables.partition_input(meta, values, current[values]) for values in batch]
            result = self.glue.batch_create_partition(DatabaseName=db, TableName=name, PartitionInputList=inputs)
            for error in result.get("Errors", []):
                if error["ErrorDetail"]["ErrorCode"] != "AlreadyExistsException":
                    _warn("partition %s of %s.%s: %s" % (error["PartitionValues"], db, name, error["ErrorDetail"]))
            for values, partition in zip(batch, inputs):
                known[values] = partition["StorageDescriptor"]["Location"]
        for start in range(0, len(removed), 25):
            batch = removed[start : start + 25]
            self.glue.batch_delete_partition(
                DatabaseName=db, TableName=name, PartitionsToDelete=[{"Values": list(v)} for v in batch]
            )
            for values in batch:
                known.pop(values, None)
