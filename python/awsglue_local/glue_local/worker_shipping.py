# SPDX-License-Identifier: Apache-2.0
"""Spark's Python workers unpickle functions that refer to awsglue and glue_local; they get both
packages as a zip through SparkContext.addPyFile, so nothing depends on how the driver's
sys.path was set up."""

import os
import tempfile
import threading
import zipfile

_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_lock = threading.Lock()
_shipped = set()


def _build_zip():
    handle, path = tempfile.mkstemp(prefix="awsglue_local-", suffix=".zip")
    os.close(handle)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for package in ("awsglue", "glue_local"):
            base = os.path.join(_PACKAGE_ROOT, package)
            for root, dirs, files in os.walk(base):
                dirs[:] = [d for d in dirs if d != "__pycache__"]
                for name in files:
                    if name.endswith(".py"):
                        full = os.path.join(root, name)
                        archive.write(full, os.path.relpath(full, _PACKAGE_ROOT))
    return path


def ship(sc):
    """Add the packages to this SparkContext's Python workers (once per context)."""
    key = id(sc._jsc)
    with _lock:
        if key in _shipped:
            return
        sc.addPyFile(_build_zip())
        _shipped.add(key)
