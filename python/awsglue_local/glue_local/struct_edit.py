# SPDX-License-Identifier: Apache-2.0
"""Rewriting one field deep inside a DataFrame's nested structs and arrays, as Spark SQL text.

Spark SQL (named_struct, transform with lambdas, try_cast) is used rather than Column methods
because it is the same in PySpark 3.3 through 4.x and stays correct under ANSI mode. A path
walks through arrays without needing `[]`, as Glue's drop_fields does (`friends.age`).
"""

import itertools

from pyspark.sql import functions as F
from pyspark.sql import types as T

from glue_local.field_paths import ARRAY, join_path, sql_name, sql_string

_lambda_ids = itertools.count(1)


class PathNotFound(KeyError):
    def __init__(self, segments):
        KeyError.__init__(self, join_path([s for s in segments if s != ARRAY]))
        self.segments = segments


def top_fields(schema):
    return [(f.name, sql_name(f.name), f.dataType) for f in schema.fields]


def edit_fields(fields, segments, edit):
    """Apply `edit(name, sql, dt) -> [(name, sql, dt), ...]` to the field at `segments` among
    `fields` (a list of (name, sql, dt)); returns the new list of fields."""
    head, rest = segments[0], segments[1:]
    out, found = [], False
    for name, sql, dt in fields:
        if name != head:
            out.append((name, sql, dt))
            continue
        found = True
        if not rest:
            out.extend(edit(name, sql, dt))
        else:
            replaced = edit_value(sql, dt, rest, edit)
            if replaced is not None:
                out.append((name, replaced[0], replaced[1]))
    if not found:
        raise PathNotFound(segments)
    return out


def edit_value(sql, dt, segments, edit):
    """The value `sql` of type `dt` rebuilt with the edit applied below it, as (sql, dt), or None
    when the edit removed everything the struct held."""
    if segments and segments[0] == ARRAY:
        if not isinstance(dt, T.ArrayType):
            raise PathNotFound(segments)
        segments = segments[1:]
        if not segments:
            var = "_e%d" % next(_lambda_ids)
            (_, new_sql, new_dt), = edit(None, var, dt.elementType)
            return "transform(%s, %s -> %s)" % (sql, var, new_sql), T.ArrayType(new_dt or T.NullType())
    if isinstance(dt, T.ArrayType):
        var = "_e%d" % next(_lambda_ids)
        inner = edit_value(var, dt.elementType, segments, edit)
        if inner is None:
            return None
        return "transform(%s, %s -> %s)" % (sql, var, inner[0]), T.ArrayType(inner[1] or T.NullType())
    if isinstance(dt, T.StructType):
        sub = [(f.name, "%s.%s" % (sql, sql_name(f.name)), f.dataType) for f in dt.fields]
        new = edit_fields(sub, segments, edit)
        if not new:
            return None
        return struct_sql(new, sql), struct_type(new)
    raise PathNotFound(segments)


def struct_sql(fields, null_when=None):
    body = "named_struct(%s)" % ", ".join("%s, %s" % (sql_string(n), s) for n, s, _ in fields)
    if null_when is None:
        return body
    return "CASE WHEN %s IS NULL THEN NULL ELSE %s END" % (null_when, body)


def struct_type(fields):
    return T.StructType([T.StructField(n, dt if dt is not None else T.NullType(), True) for n, _, dt in fields])


def select_fields(df, fields):
    """The DataFrame with these (name, sql, dt) fields as its columns."""
    return df.select(*[F.expr(sql).alias(name) for name, sql, _ in fields])


def field_at(schema, segments):
    """The Spark type at a path (arrays walked through), or None when the path does not exist."""
    dt = schema
    for seg in segments:
        while isinstance(dt, T.ArrayType) and seg != ARRAY:
            dt = dt.elementType
        if seg == ARRAY:
            if not isinstance(dt, T.ArrayType):
                return None
            dt = dt.elementType
            continue
        if not isinstance(dt, T.StructType):
            return None
        match = [f for f in dt.fields if f.name == seg]
        if not match:
            return None
        dt = match[0].dataType
    return dt


def resolve_case(schema, segments):
    """The path spelled as the schema spells it, matching names case-insensitively (Glue's
    default); exact matches win."""
    out, dt = [], schema
    for seg in segments:
        while isinstance(dt, T.ArrayType) and seg != ARRAY:
            dt = dt.elementType
        if seg == ARRAY:
            if not isinstance(dt, T.ArrayType):
                return None
            out.append(seg)
            dt = dt.elementType
            continue
        if not isinstance(dt, T.StructType):
            return None
        exact = [f for f in dt.fields if f.name == seg]
        match = exact or [f for f in dt.fields if f.name.lower() == seg.lower()]
        if not match:
            return None
        out.append(match[0].name)
        dt = match[0].dataType
    return out


def sql_type(dt):
    """A Spark type as SQL DDL text (field names back-quoted; field metadata left out)."""
    if isinstance(dt, T.StructType):
        return "STRUCT<%s>" % ", ".join("%s: %s" % (sql_name(f.name), sql_type(f.dataType)) for f in dt.fields)
    if isinstance(dt, T.ArrayType):
        return "ARRAY<%s>" % sql_type(dt.elementType)
    if isinstance(dt, T.MapType):
        return "MAP<%s, %s>" % (sql_type(dt.keyType), sql_type(dt.valueType))
    if isinstance(dt, T.NullType):
        return "VOID"
    return dt.simpleString()
