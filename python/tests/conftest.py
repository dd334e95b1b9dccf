# SPDX-License-Identifier: Apache-2.0
"""One local SparkSession for the whole suite (local[2], two shuffle partitions) and a private
state directory holding the object store (s3://bucket/key -> <state>/s3/bucket/key)."""

import atexit
import os
import re
import subprocess
import sys
import uuid

import pytest

PACKAGE_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "awsglue_local"))
sys.path.insert(0, PACKAGE_ROOT)


# moto's server (an independent Glue Data Catalog for test_catalog.py) starts now, while Spark starts.
_moto = subprocess.Popen(
    [os.path.join(os.path.dirname(sys.executable), "moto_server"), "-H", "127.0.0.1", "-p", "0"],
    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
)
atexit.register(_moto.terminate)


@pytest.fixture(scope="session")
def moto_url():
    for line in _moto.stdout:
        match = re.search(r"Running on (http://127\.0\.0\.1:\d+)", line)
        if match:
            return match.group(1)
    raise RuntimeError("moto_server did not start (exit code %s)" % _moto.poll())


@pytest.fixture(scope="session")
def state_dir(tmp_path_factory):
    state = tmp_path_factory.mktemp("glue-kernel-state")
    os.environ["GLUE_KERNEL_STATE_DIR"] = str(state)
    os.environ["GLUE_KERNEL_S3_ROOT"] = str(state / "s3")
    os.environ.pop("GLUE_KERNEL_S3_BUCKETS", None)
    return state


@pytest.fixture(scope="session")
def spark(state_dir):
    from pyspark.sql import SparkSession

    # Spark's Python workers run this interpreter (PySpark 3.3 would otherwise start `python3`).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("awsglue-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.warehouse.dir", str(state_dir / "warehouse"))
        .config("spark.driver.extraJavaOptions", "-Dderby.system.home=%s" % (state_dir / "derby"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def glue_context(spark):
    from awsglue.context import GlueContext

    return GlueContext(spark.sparkContext)


@pytest.fixture
def bucket(state_dir):
    """A fresh bucket name per test (its folder appears on first write)."""
    return "test-%s" % uuid.uuid4().hex[:12]


def put(uri, text):
    """Write an object straight into the local store, as `aws s3 cp` through the endpoint would."""
    from glue_local.s3_paths import local_path

    path = local_path(uri)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
    return path


def frame_of(glue_context, rows, name="test"):
    """A DynamicFrame of Python dicts, types inferred per value as the JSON reader does."""
    from awsglue.dynamicframe import DynamicFrame
    from glue_local.record_ops import frame_data

    return DynamicFrame(frame_data(glue_context.spark_session, list(rows)), glue_context, name)


def records(frame):
    """A frame's records as plain dicts (choices as their values), in a stable order."""
    from glue_local.glue_schema import plain, row_to_record

    df = frame.toDF() if hasattr(frame, "toDF") else frame
    schema = df.schema
    out = [plain(row_to_record(r, schema)) for r in df.collect()]
    return sorted(out, key=lambda r: repr(sorted(r.items(), key=lambda kv: kv[0])))
