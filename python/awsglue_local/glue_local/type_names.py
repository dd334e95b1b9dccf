# SPDX-License-Identifier: Apache-2.0
"""Type names as Glue scripts write them (`long`, `String`, `decimal(10,2)`, ...), read
case-insensitively, to Spark types."""

import re

from pyspark.sql import types as T

_NAMES = {
    "string": T.StringType,
    "varchar": T.StringType,
    "char": T.StringType,
    "long": T.LongType,
    "bigint": T.LongType,
    "int": T.IntegerType,
    "integer": T.IntegerType,
    "short": T.ShortType,
    "smallint": T.ShortType,
    "byte": T.ByteType,
    "tinyint": T.ByteType,
    "double": T.DoubleType,
    "float": T.FloatType,
    "real": T.FloatType,
    "boolean": T.BooleanType,
    "bool": T.BooleanType,
    "date": T.DateType,
    "timestamp": T.TimestampType,
    "binary": T.BinaryType,
    "null": T.NullType,
    "void": T.NullType,
}
_STRUCTURAL = {"struct": T.StructType, "array": T.ArrayType, "map": T.MapType, "choice": None}
_DECIMAL = re.compile(r"^decimal\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$")


def spark_type_of(name):
    """The Spark type for a type name; structural names (struct, array, map, choice) give an
    empty instance meaning "keep as is"."""
    if isinstance(name, T.DataType):
        return name
    if not isinstance(name, str):
        name = name.typeName()  # an awsglue.gluetypes type
    key = name.strip().lower()
    if key in _NAMES:
        return _NAMES[key]()
    if key.split("<")[0] in _STRUCTURAL:
        cls = _STRUCTURAL[key.split("<")[0]]
        return T.StructType() if cls in (None, T.StructType) else (T.ArrayType(T.NullType()) if cls is T.ArrayType else T.MapType(T.StringType(), T.NullType()))
    decimal = _DECIMAL.match(key)
    if decimal:
        return T.DecimalType(int(decimal.group(1) or 10), int(decimal.group(2) or (0 if decimal.group(1) else 2)))
    raise ValueError(
        "Unknown type name %r; use a Glue type name such as string, long, int, double, boolean, "
        "date, timestamp or decimal(p,s)" % name
    )
