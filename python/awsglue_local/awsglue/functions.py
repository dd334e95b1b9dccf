# SPDX-License-Identifier: Apache-2.0
"""awsglue.functions: Column helpers (replaceArrayElement, namedStruct, explodeWithIndex)."""

from pyspark.sql import functions as F


def _column(c):
    return F.col(c) if isinstance(c, str) else c


def replaceArrayElement(srcCol, replaceCol, idx):
    """srcCol (an array) with element idx (0-based) replaced by replaceCol."""
    src, new = _column(srcCol), _column(replaceCol)
    index = idx if not isinstance(idx, int) else F.lit(idx)
    return F.transform(src, lambda value, i: F.when(i == index, new).otherwise(value))


def namedStruct(*cols):
    """A struct of the given columns, each field named after its column."""
    return F.struct(*[_column(c) for c in cols])


def explodeWithIndex(col):
    """One row per array element, as columns `index` and `val`."""
    return F.posexplode(_column(col)).alias("index", "val")
