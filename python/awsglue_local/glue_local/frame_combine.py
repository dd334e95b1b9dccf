# SPDX-License-Identifier: Apache-2.0
"""Operations over two frames or over row conditions: join, union, mergeDynamicFrame, split_rows."""

from pyspark.sql import functions as F
from pyspark.sql import types as T

from awsglue import gluetypes as G
from glue_local.field_ops import as_path_list
from glue_local.field_paths import parse_path, sql_name, sql_ref
from glue_local.glue_schema import glue_to_spark, is_choice_struct, spark_to_glue, type_name

_OPERATORS = {">": ">", "<": "<", ">=": ">=", "<=": "<=", "=": "=", "==": "=", "!=": "!=", "<>": "!="}


def join(left, right, paths1, paths2):
    """Equality join keeping every field of both sides; a right-side field whose name the left
    side also has is renamed with a leading '.' (docs/awsglue.md, join)."""
    keys1, keys2 = as_path_list(paths1), as_path_list(paths2)
    if len(keys1) != len(keys2) or not keys1:
        raise ValueError("join needs the same number of keys on both sides, got %s and %s" % (keys1, keys2))
    l, r = left.alias("__l"), right.alias("__r")
    condition = None
    for k1, k2 in zip(keys1, keys2):
        c = F.expr("__l.%s" % sql_ref(parse_path(k1))) == F.expr("__r.%s" % sql_ref(parse_path(k2)))
        condition = c if condition is None else condition & c
    joined = l.join(r, condition, "inner")
    left_names = set(left.columns)
    cols = [F.col("__l.%s" % sql_name(c)).alias(c) for c in left.columns]
    cols += [F.col("__r.%s" % sql_name(c)).alias("." + c if c in left_names else c) for c in right.columns]
    return joined.select(*cols)


def union(a, b):
    """All records of both frames; a field whose types differ between them becomes a choice."""
    types_a = dict((f.name, f.dataType) for f in a.schema.fields)
    types_b = dict((f.name, f.dataType) for f in b.schema.fields)
    merged = {}
    for name in list(types_a) + [n for n in types_b if n not in types_a]:
        ta, tb = types_a.get(name), types_b.get(name)
        if ta is None or tb is None or ta == tb:
            merged[name] = ta if ta is not None else tb
        else:
            merged[name] = glue_to_spark(G.mergeDataTypes(spark_to_glue(ta), spark_to_glue(tb)))
    return _conform(a, merged).unionByName(_conform(b, merged), allowMissingColumns=True)


def _conform(df, merged):
    cols = []
    for field in df.schema.fields:
        target = merged[field.name]
        column = F.col(sql_name(field.name))
        if field.dataType != target and is_choice_struct(target) and not is_choice_struct(field.dataType):
            name = type_name(field.dataType)
            members = [
                (column if m.name == name else F.lit(None)).cast(m.dataType).alias(m.name) for m in target.fields
            ]
            column = F.when(column.isNotNull(), F.struct(*members)).cast(target)
        elif field.dataType != target:
            column = column.cast(target)
        cols.append(column.alias(field.name))
    return df.select(*cols)


def merge_frames(source, staging, primary_keys):
    """Source records whose keys appear in staging are replaced by the staging records."""
    keys = as_path_list(primary_keys)
    if not keys:
        raise ValueError("mergeDynamicFrame needs at least one primary key")
    kept = source.join(staging.select(*[F.col(sql_name(k)) for k in keys]).distinct(), keys, "left_anti")
    return union(kept, staging)


def row_condition(comparison_dict):
    """The SQL condition of split_rows' {path: {op: value}} (conditions ANDed)."""
    if not isinstance(comparison_dict, dict) or not comparison_dict:
        raise ValueError("comparison_dict must be a non-empty dict such as {'age': {'>': 10}}")
    parts = []
    for path, tests in comparison_dict.items():
        if not isinstance(tests, dict):
            raise ValueError("comparison_dict[%r] must be a dict such as {'>': 10}" % path)
        for op, value in tests.items():
            if op not in _OPERATORS:
                raise ValueError("Unknown operator %r in split_rows; use one of %s" % (op, ", ".join(_OPERATORS)))
            parts.append(F.expr(sql_ref(parse_path(path))).__getattribute__(_python_op(_OPERATORS[op]))(value))
    condition = parts[0]
    for part in parts[1:]:
        condition = condition & part
    return condition


def _python_op(op):
    return {">": "__gt__", "<": "__lt__", ">=": "__ge__", "<=": "__le__", "=": "__eq__", "!=": "__ne__"}[op]


def split_rows(df, comparison_dict):
    condition = row_condition(comparison_dict)
    matched = F.coalesce(condition, F.lit(False))
    return df.filter(matched), df.filter(~matched)


def null_only_paths(df):
    """Paths of fields that are null in every record: NullType fields, and struct leaves (not in
    arrays) that hold no value in any row."""
    paths, leaves = [], []

    def walk(dt, segments):
        for field in dt.fields:
            segs = segments + [field.name]
            if isinstance(field.dataType, T.NullType):
                paths.append(segs)
            elif isinstance(field.dataType, T.StructType) and not is_choice_struct(field.dataType):
                walk(field.dataType, segs)
            elif isinstance(field.dataType, T.ArrayType) and isinstance(field.dataType.elementType, T.StructType):
                continue
            else:
                leaves.append(segs)

    walk(df.schema, [])
    if leaves:
        counts = df.select(
            F.count(F.lit(1)), *[F.count(F.expr(sql_ref(s))).alias("c%d" % i) for i, s in enumerate(leaves)]
        ).first()
        if counts[0] > 0:  # an empty frame says nothing about its values
            paths.extend(s for i, s in enumerate(leaves) if counts[i + 1] == 0)
    return paths
