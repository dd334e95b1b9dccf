# SPDX-License-Identifier: Apache-2.0
"""purge_s3_path and purge_table: delete files older than retentionPeriod hours (default 168)
under a prefix or a catalog table's locations; a partition whose files are all gone is removed
from the catalog; manifestFilePath receives Success.csv and Failed.csv."""

import os
import time

from glue_local import catalog, s3_paths
from glue_local.file_listing import list_files


def _retention_ms(options):
    hours = float(options.get("retentionPeriod", 168))
    if hours < 0:
        raise ValueError("retentionPeriod must be a number of hours >= 0, got %r" % options.get("retentionPeriod"))
    return int(hours * 3600 * 1000)


def purge_files(prefix, options):
    """(deleted URIs, failed URIs, remaining file count) under an s3 prefix."""
    cutoff = int(time.time() * 1000) - _retention_ms(options)
    deleted, failed, remaining = [], [], 0
    for f in list_files({"paths": [prefix]}, recurse=True):
        if f.mtime_ms > cutoff:
            remaining += 1
            continue
        try:
            os.unlink(f.path)
            deleted.append(f.uri)
        except OSError:
            failed.append(f.uri)
            remaining += 1
    return deleted, failed, remaining


def write_manifest(options, deleted, failed):
    target = options.get("manifestFilePath")
    if not target:
        return
    for name, uris in (("Success.csv", deleted), ("Failed.csv", failed)):
        uri = target.rstrip("/") + "/" + name
        path = s3_paths.local_path(uri) if s3_paths.is_s3_uri(uri) else uri
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            out.write("".join(u + "\n" for u in uris))


def purge_s3_path(s3_path, options):
    if not s3_paths.is_s3_uri(s3_path):
        raise ValueError("purge_s3_path needs an s3:// path, got %r" % (s3_path,))
    deleted, failed, _ = purge_files(s3_path, options or {})
    write_manifest(options or {}, deleted, failed)
    return deleted


def purge_table(spark, database, table_name, options, catalog_id=None):
    from glue_local.catalog_io import matching_partitions

    options = options or {}
    table = catalog.get_table(database, table_name, catalog_id)
    keys = [(k["Name"], k.get("Type", "string")) for k in table.get("PartitionKeys") or []]
    all_deleted, all_failed = [], []
    if not keys:
        deleted, failed, _ = purge_files(table["StorageDescriptor"]["Location"], options)
        all_deleted += deleted
        all_failed += failed
    else:
        partitions = catalog.get_partitions(database, table_name, catalog_id=catalog_id)
        partitions = matching_partitions(spark, keys, partitions, options.get("partitionPredicate", ""))
        emptied = []
        for partition in partitions:
            deleted, failed, remaining = purge_files(partition["StorageDescriptor"]["Location"], options)
            all_deleted += deleted
            all_failed += failed
            if remaining == 0:
                emptied.append(partition["Values"])
        if emptied:
            catalog.delete_partitions(database, table_name, emptied, catalog_id)
    write_manifest(options, all_deleted, all_failed)
    return all_deleted
