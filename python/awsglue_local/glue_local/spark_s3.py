# SPDX-License-Identifier: Apache-2.0
"""s3:// and s3a:// for Spark itself in a local session, with no extra jars.

Hadoop (inside every PySpark 3.3+ distribution) ships ViewFileSystemOverloadScheme: a file system
that serves any scheme from a mount table keyed by the URI's authority. Registering it for s3, s3a
and s3n and mounting each bucket (`fs.viewfs.mounttable.<bucket>.linkFallback = file:///folder`)
makes Spark's own readers, writers, SQL LOCATIONs and RDD file APIs read and write the bucket's
folder while every path Spark reports stays s3://bucket/key.

A mount table entry is needed per bucket: the buckets known when the session starts are mounted
then; a bucket first named later is mounted when its URI passes through PySpark's API (readers,
writers, spark.sql text, SparkContext file methods), which this module wraps. docs/local-s3.md
describes the design and its limits.
"""

import functools
import pathlib
import re
import threading

from glue_local import s3_paths

OVERLOAD_SCHEME = "org.apache.hadoop.fs.viewfs.ViewFileSystemOverloadScheme"
_INSTALLED_FLAG = "glue.kernel.local.s3.installed"
_URI_IN_TEXT = re.compile(r"\b(?:s3|s3a|s3n)://([a-z0-9][a-z0-9.\-]{1,61}[a-z0-9])", re.IGNORECASE)
_lock = threading.Lock()
_patched = False


def _hadoop_conf(spark_or_sc):
    sc = getattr(spark_or_sc, "sparkContext", spark_or_sc)
    return sc._jsc.hadoopConfiguration()


def install(spark_or_sc):
    """Make s3://, s3a:// and s3n:// reach the local object store in this SparkContext."""
    from pyspark import SparkContext

    conf = _hadoop_conf(spark_or_sc)
    with _lock:
        if conf.get(_INSTALLED_FLAG) != "true":
            for scheme in s3_paths.SCHEMES:
                conf.set("fs.%s.impl" % scheme, OVERLOAD_SCHEME)
            conf.set(_INSTALLED_FLAG, "true")
        for bucket, folder in s3_paths.known_buckets().items():
            _mount(conf, bucket, folder)
        _patch_pyspark()
    SparkContext._glue_local_s3 = True


def _mount(conf, bucket, folder):
    key = "fs.viewfs.mounttable.%s.linkFallback" % bucket
    target = pathlib.Path(folder).as_uri()
    if conf.get(key) != target:
        conf.set(key, target)


def mount_bucket(spark_or_sc, bucket):
    """Mount one bucket (its folder is made on first write, by the write itself)."""
    s3_paths.check_bucket(bucket)
    with _lock:
        _mount(_hadoop_conf(spark_or_sc), bucket, s3_paths.bucket_folder(bucket))


def mount_uris_in(spark_or_sc, value):
    """Mount every bucket named by an s3 URI inside a string, list, tuple or dict."""
    for bucket in set(_buckets_in(value)):
        try:
            mount_bucket(spark_or_sc, bucket)
        except s3_paths.S3PathError:
            continue  # an invalid name is left for Spark to report in its own words


def _buckets_in(value):
    if isinstance(value, str):
        for match in _URI_IN_TEXT.finditer(value):
            yield match.group(1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            for bucket in _buckets_in(item):
                yield bucket
    elif isinstance(value, dict):
        for item in value.values():
            for bucket in _buckets_in(item):
                yield bucket


def _active_context():
    from pyspark import SparkContext

    return SparkContext._active_spark_context


def _wrap(cls, name, rewrite_roots=True):
    original = getattr(cls, name, None)
    if original is None or getattr(original, "_glue_local_s3", False):
        return

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        sc = _active_context()
        if sc is not None and getattr(sc.__class__, "_glue_local_s3", False):
            mount_uris_in(sc, list(args[1:]) + list(kwargs.values()))
            if rewrite_roots:
                args = (args[0],) + tuple(bucket_root_to_folder(a) for a in args[1:])
                kwargs = dict((k, bucket_root_to_folder(v)) for k, v in kwargs.items())
        return original(*args, **kwargs)

    wrapper._glue_local_s3 = True
    setattr(cls, name, wrapper)


def _patch_pyspark():
    global _patched
    if _patched:
        return
    from pyspark import SparkContext
    from pyspark.rdd import RDD
    from pyspark.sql import readwriter
    from pyspark.sql.catalog import Catalog
    from pyspark.sql.session import SparkSession

    for name in ("load", "parquet", "json", "csv", "orc", "text", "option", "options"):
        _wrap(readwriter.DataFrameReader, name)
    for name in ("save", "parquet", "json", "csv", "orc", "text", "option", "options", "saveAsTable", "insertInto"):
        _wrap(readwriter.DataFrameWriter, name)
    for name in ("textFile", "wholeTextFiles", "binaryFiles", "binaryRecords", "pickleFile", "sequenceFile", "hadoopFile", "newAPIHadoopFile"):
        _wrap(SparkContext, name)
    for name in ("saveAsTextFile", "saveAsPickleFile", "saveAsSequenceFile", "saveAsHadoopFile", "saveAsNewAPIHadoopFile"):
        _wrap(RDD, name)
    for name in ("createTable", "createExternalTable"):
        _wrap(Catalog, name)
    _wrap(SparkSession, "sql", rewrite_roots=False)
    try:
        from pyspark.sql.streaming import readwriter as streaming
    except ImportError:  # older layouts keep the streaming reader elsewhere
        streaming = None
    if streaming is not None:
        for name in ("load", "json", "csv", "parquet", "orc", "text", "option", "options"):
            _wrap(getattr(streaming, "DataStreamReader"), name)
        for name in ("start", "option", "options", "toTable"):
            _wrap(getattr(streaming, "DataStreamWriter"), name)
    _patched = True


_BUCKET_ROOT = re.compile(r"^(?:s3|s3a|s3n)://([^/]+)/?$", re.IGNORECASE)


def remove_checksum_files(uri):
    """Delete the `.name.crc` side files Hadoop's local file system writes next to each file, so
    the S3 API does not list them as objects (used after awsglue's own writes)."""
    import os

    if not s3_paths.is_s3_uri(uri):
        return
    folder = s3_paths.local_path(uri)
    for root, _dirs, files in os.walk(folder):
        for name in files:
            if name.startswith(".") and name.endswith(".crc"):
                try:
                    os.unlink(os.path.join(root, name))
                except OSError:
                    pass


def bucket_root_to_folder(value):
    """A bucket's root (s3://bucket or s3://bucket/) as its folder's file: URI: Hadoop's mount
    table resolves every path below a bucket through its fallback link but not the root itself."""
    if isinstance(value, str):
        match = _BUCKET_ROOT.match(value)
        if match:
            try:
                return pathlib.Path(s3_paths.bucket_folder(match.group(1))).as_uri() + "/"
            except s3_paths.S3PathError:
                return value
        return value
    if isinstance(value, list):
        return [bucket_root_to_folder(v) for v in value]
    if isinstance(value, tuple):
        return tuple(bucket_root_to_folder(v) for v in value)
    return value
