# SPDX-License-Identifier: Apache-2.0
"""The bridge between Glue's types (awsglue.gluetypes) and Spark's, and between Spark rows and
Python records.

A DynamicFrame here is a Spark DataFrame. A Glue choice type (a field whose values had different
types across records) is kept in the DataFrame as a struct with one field per alternative, named by
the Glue type name (`long`, `string`, ...), at most one of them set per record. Each field of such a
struct carries the metadata key CHOICE_MARK, so the marker travels inside the struct's own data type
through selects, joins, unions and Parquet files. See docs/awsglue.md ("Choice types").
"""

import datetime
import decimal

from pyspark.sql import types as T

from awsglue import gluetypes as G

CHOICE_MARK = "glue_choice"

_SPARK_TO_GLUE = {
    T.StringType: G.StringType,
    T.LongType: G.LongType,
    T.IntegerType: G.IntegerType,
    T.ShortType: G.ShortType,
    T.ByteType: G.ByteType,
    T.DoubleType: G.DoubleType,
    T.FloatType: G.FloatType,
    T.BooleanType: G.BooleanType,
    T.DateType: G.DateType,
    T.TimestampType: G.TimestampType,
    T.BinaryType: G.BinaryType,
    T.NullType: G.NullType,
}
if hasattr(T, "TimestampNTZType"):
    _SPARK_TO_GLUE[T.TimestampNTZType] = G.TimestampNTZType

_GLUE_TO_SPARK = {glue: spark for spark, glue in _SPARK_TO_GLUE.items()}


def is_choice_struct(dt):
    return (
        isinstance(dt, T.StructType)
        and len(dt.fields) > 0
        and all(f.metadata.get(CHOICE_MARK) for f in dt.fields)
    )


def spark_to_glue(dt):
    """Glue type of a Spark type (a marked struct is a ChoiceType)."""
    if is_choice_struct(dt):
        return G.ChoiceType([spark_to_glue(f.dataType) for f in dt.fields])
    if isinstance(dt, T.StructType):
        return G.StructType([G.Field(f.name, spark_to_glue(f.dataType)) for f in dt.fields])
    if isinstance(dt, T.ArrayType):
        return G.ArrayType(spark_to_glue(dt.elementType))
    if isinstance(dt, T.MapType):
        return G.MapType(spark_to_glue(dt.valueType))
    if isinstance(dt, T.DecimalType):
        return G.DecimalType(dt.precision, dt.scale)
    glue = _SPARK_TO_GLUE.get(type(dt))
    return glue() if glue else G.UnknownType()


def glue_to_spark(gt):
    """Spark type of a Glue type (a ChoiceType becomes a marked struct, members in name order)."""
    if isinstance(gt, G.ChoiceType):
        return choice_struct([glue_to_spark(gt.choices[name]) for name in sorted(gt.choices)])
    if isinstance(gt, G.StructType):
        return T.StructType([T.StructField(f.name, glue_to_spark(f.dataType), True) for f in gt.fields])
    if isinstance(gt, G.ArrayType):
        return T.ArrayType(glue_to_spark(gt.elementType), True)
    if isinstance(gt, G.MapType):
        return T.MapType(T.StringType(), glue_to_spark(gt.valueType), True)
    if isinstance(gt, G.DecimalType):
        return T.DecimalType(gt.precision, gt.scale)
    if isinstance(gt, G.UnknownType):
        return T.NullType()
    spark = _GLUE_TO_SPARK.get(type(gt))
    if spark is None:
        raise ValueError("Glue type %s has no Spark counterpart" % gt.typeName())
    return spark()


def choice_struct(member_types):
    """A marked struct holding one field per alternative type."""
    fields = []
    for dt in member_types:
        name = spark_to_glue(dt).typeName()
        fields.append(T.StructField(name, dt, True, {CHOICE_MARK: True}))
    return T.StructType(sorted(fields, key=lambda f: f.name))


def type_name(dt):
    """Glue type name of a Spark type, as printSchema and choice members spell it."""
    return spark_to_glue(dt).typeName()


# -- Python values --------------------------------------------------------------------------------

_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


def infer_type(value):
    """Glue type of one Python value (as parsed from JSON or returned by a Map function)."""
    if value is None:
        return G.NullType()
    if isinstance(value, bool):
        return G.BooleanType()
    if isinstance(value, int):
        return G.LongType() if _LONG_MIN <= value <= _LONG_MAX else G.DoubleType()
    if isinstance(value, float):
        return G.DoubleType()
    if isinstance(value, str):
        return G.StringType()
    if isinstance(value, decimal.Decimal):
        digits = value.as_tuple()
        scale = max(0, -digits.exponent) if isinstance(digits.exponent, int) else 0
        precision = min(38, max(len(digits.digits), scale, 1))
        return G.DecimalType(max(precision, scale), scale)
    if isinstance(value, datetime.datetime):
        return G.TimestampType()
    if isinstance(value, datetime.date):
        return G.DateType()
    if isinstance(value, (bytes, bytearray)):
        return G.BinaryType()
    if isinstance(value, dict):
        return G.StructType([G.Field(str(k), infer_type(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple, set)):
        element = G.NullType()
        for item in value:
            element = G.mergeDataTypes(element, infer_type(item))
        return G.ArrayType(element)
    raise TypeError("Values of type %s cannot be stored in a DynamicFrame" % type(value).__name__)


def refine(inferred, hint):
    """Keep the narrower input type where values read back from Python widened it (int to long,
    float to double), or where the new values were all null."""
    if hint is None:
        return inferred
    if isinstance(inferred, G.StructType) and isinstance(hint, G.StructType):
        return G.StructType(
            [
                G.Field(f.name, refine(f.dataType, hint.getField(f.name).dataType if hint.hasField(f.name) else None))
                for f in inferred.fields
            ]
        )
    if isinstance(inferred, G.ArrayType) and isinstance(hint, G.ArrayType):
        return G.ArrayType(refine(inferred.elementType, hint.elementType))
    if isinstance(inferred, G.NullType) and not isinstance(hint, G.ChoiceType):
        return hint
    if isinstance(inferred, G.LongType) and isinstance(hint, (G.IntegerType, G.ShortType, G.ByteType)):
        return hint
    if isinstance(inferred, G.DoubleType) and isinstance(hint, G.FloatType):
        return hint
    if isinstance(inferred, G.DecimalType) and isinstance(hint, G.DecimalType):
        return hint
    return inferred


def _matches(value, dt):
    """Whether a Python value belongs to the Spark type `dt` (used to place a choice's value)."""
    if value is None:
        return True
    if isinstance(dt, T.BooleanType):
        return isinstance(value, bool)
    if isinstance(dt, (T.LongType, T.IntegerType, T.ShortType, T.ByteType)):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(dt, (T.DoubleType, T.FloatType)):
        return isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool))
    if isinstance(dt, T.StringType):
        return isinstance(value, str)
    if isinstance(dt, T.DecimalType):
        return isinstance(value, decimal.Decimal)
    if isinstance(dt, T.TimestampType):
        return isinstance(value, datetime.datetime)
    if isinstance(dt, T.DateType):
        return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    if isinstance(dt, T.BinaryType):
        return isinstance(value, (bytes, bytearray))
    if isinstance(dt, T.StructType):
        return isinstance(value, dict)
    if isinstance(dt, T.ArrayType):
        return isinstance(value, (list, tuple, set))
    if isinstance(dt, T.MapType):
        return isinstance(value, dict)
    return False


def to_spark_value(value, dt):
    """A Python value shaped for the Spark type `dt` (tuples for structs, choice values placed)."""
    if value is None:
        return None
    if is_choice_struct(dt):
        placed = [None] * len(dt.fields)
        for i, field in enumerate(dt.fields):
            if not isinstance(field.dataType, T.NullType) and _matches(value, field.dataType) and _exact(value, field.dataType):
                placed[i] = to_spark_value(value, field.dataType)
                break
        return tuple(placed)
    if isinstance(dt, T.StructType):
        if not isinstance(value, dict):
            return None
        return tuple(to_spark_value(value.get(f.name), f.dataType) for f in dt.fields)
    if isinstance(dt, T.ArrayType):
        return [to_spark_value(v, dt.elementType) for v in value]
    if isinstance(dt, T.MapType):
        return {str(k): to_spark_value(v, dt.valueType) for k, v in value.items()}
    if isinstance(dt, T.NullType):
        return None
    if isinstance(dt, (T.DoubleType, T.FloatType)) and isinstance(value, int):
        return float(value)
    if isinstance(dt, T.StringType) and not isinstance(value, str):
        return str(value)
    if isinstance(dt, (T.LongType, T.IntegerType, T.ShortType, T.ByteType)) and isinstance(value, float):
        return int(value)
    return value


def _exact(value, dt):
    """Within a choice, an int belongs to the integral member, not the double one."""
    if isinstance(dt, (T.DoubleType, T.FloatType)):
        return isinstance(value, float)
    return True


def from_spark_value(value, dt):
    """A Spark value as a Filter/Map function sees it: structs as DynamicRecords, a choice as the
    value of its one set alternative."""
    if value is None:
        return None
    if is_choice_struct(dt):
        for field, member in zip(dt.fields, value):
            if member is not None:
                return from_spark_value(member, field.dataType)
        return None
    if isinstance(dt, T.StructType):
        return G.DynamicRecord((f.name, from_spark_value(v, f.dataType)) for f, v in zip(dt.fields, value))
    if isinstance(dt, T.ArrayType):
        return [from_spark_value(v, dt.elementType) for v in value]
    if isinstance(dt, T.MapType):
        return {k: from_spark_value(v, dt.valueType) for k, v in value.items()}
    return value


def row_to_record(row, schema):
    return from_spark_value(tuple(row), schema)


def record_to_row(record, schema):
    return to_spark_value(record, schema)


def plain(value):
    """A DynamicRecord tree as plain dicts/lists (for json.dumps)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
