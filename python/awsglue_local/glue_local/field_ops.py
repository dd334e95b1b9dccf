# SPDX-License-Identifier: Apache-2.0
"""Field-level transforms of a DynamicFrame's DataFrame: select, drop, rename, apply_mapping.
Semantics from docs/awsglue.md (ApplyMapping drops every unmapped field; drop_fields walks into
arrays and removes a struct whose last field was dropped; missing paths are ignored)."""

from pyspark.sql import types as T

from glue_local.field_paths import ARRAY, parse_path, sql_name, sql_ref, sql_string
from glue_local.glue_schema import is_choice_struct
from glue_local.struct_edit import (
    PathNotFound,
    edit_fields,
    field_at,
    resolve_case,
    select_fields as select_columns,
    struct_sql,
    top_fields,
)
from glue_local.type_names import spark_type_of


def as_path_list(paths):
    if isinstance(paths, str):
        return [paths]
    if not isinstance(paths, (list, tuple)):
        raise TypeError("paths must be a string or a list of strings, got %s" % type(paths).__name__)
    return list(paths)


def drop_fields(df, paths):
    fields = top_fields(df.schema)
    for path in as_path_list(paths):
        try:
            fields = edit_fields(fields, parse_path(path), lambda name, sql, dt: [])
        except PathNotFound:
            continue
    return select_columns(df, fields)


def select_fields(df, paths):
    """Keep the given paths (top-level fields, or nested ones with their parent structs)."""
    keep = {}
    for path in as_path_list(paths):
        segments = [s for s in parse_path(path) if s != ARRAY]
        node = keep
        for seg in segments:
            node = node.setdefault(seg, {})
        node["__all__"] = True
    fields = _prune(top_fields(df.schema), keep)
    return select_columns(df, fields)


def _prune(fields, keep):
    out = []
    for name, sql, dt in fields:
        if name not in keep:
            continue
        node = keep[name]
        if node.get("__all__"):
            out.append((name, sql, dt))
            continue
        inner = dt.elementType if isinstance(dt, T.ArrayType) else dt
        if not isinstance(inner, T.StructType) or is_choice_struct(inner):
            continue
        if isinstance(dt, T.ArrayType):
            var = "_s%d" % len(sql)
            sub = _prune([(f.name, "%s.%s" % (var, sql_name(f.name)), f.dataType) for f in inner.fields], node)
            if sub:
                out.append((name, "transform(%s, %s -> %s)" % (sql, var, struct_sql(sub, var)), None))
        else:
            sub = _prune([(f.name, "%s.%s" % (sql, sql_name(f.name)), f.dataType) for f in inner.fields], node)
            if sub:
                out.append((name, struct_sql(sub, sql), None))
    return out


def rename_field(df, old_name, new_name):
    old, new = parse_path(old_name), parse_path(new_name)
    if field_at(df.schema, old) is None:
        raise ValueError("rename_field: no field %s in the frame (fields: %s)" % (old_name, ", ".join(df.columns)))
    if old[:-1] == new[:-1]:
        target = new[-1]
        fields = edit_fields(top_fields(df.schema), old, lambda name, sql, dt: [(target, sql, dt)])
        return select_columns(df, fields)
    value_sql = sql_ref([s for s in old if s != ARRAY])
    fields = edit_fields(top_fields(df.schema), old, lambda name, sql, dt: [])
    fields = insert_field(fields, [s for s in new if s != ARRAY], value_sql)
    return select_columns(df, fields)


def insert_field(fields, segments, sql):
    """Fields with `sql` placed at `segments`, making the structs on the way when missing."""
    head, rest = segments[0], segments[1:]
    if not rest:
        return [f for f in fields if f[0] != head] + [(head, sql, None)]
    out, found = [], False
    for name, fsql, dt in fields:
        if name == head and isinstance(dt, T.StructType):
            found = True
            sub = [(f.name, "%s.%s" % (fsql, sql_name(f.name)), f.dataType) for f in dt.fields]
            out.append((name, struct_sql(insert_field(sub, rest, sql)), None))
        else:
            out.append((name, fsql, dt))
    if not found:
        out = [f for f in out if f[0] != head] + [(head, _nest(rest, sql), None)]
    return out


def _nest(segments, sql):
    if not segments:
        return sql
    return "named_struct(%s, %s)" % (sql_string(segments[0]), _nest(segments[1:], sql))


def normalize_mappings(mappings):
    """Mappings as 4-tuples (source, source_type, target, target_type); None types mean "keep"."""
    if isinstance(mappings, tuple):
        mappings = [mappings]
    out = []
    for mapping in mappings:
        if not isinstance(mapping, tuple):
            raise TypeError("Mapping must be specified as a tuple. Got %r" % (mapping,))
        if len(mapping) == 4:
            out.append(mapping)
        elif len(mapping) == 3:
            out.append((mapping[0], None, mapping[1], mapping[2]))
        elif len(mapping) == 2:
            out.append((mapping[0], None, mapping[1], None))
        else:
            raise ValueError("Mapping tuple must have 2, 3 or 4 elements. Got %r" % (mapping,))
    return out


def apply_mapping(df, mappings, case_sensitive=False):
    """Only mapped fields survive; values are cast to the target type (values that cannot be
    cast become null); a dotted target path builds nested structs."""
    schema = df.schema
    tree = []  # ordered [(name, sql or subtree list)]
    for source, _source_type, target, target_type in normalize_mappings(mappings):
        segments = parse_path(source)
        if not case_sensitive:
            segments = resolve_case(schema, segments)
        source_dt = field_at(schema, segments) if segments else None
        if source_dt is None:
            continue
        value = cast_sql(sql_ref([s for s in segments if s != ARRAY]), source_dt, target_type)
        _place(tree, [s for s in parse_path(target) if s != ARRAY], value)
    return select_columns(df, _tree_fields(tree))


def _place(tree, segments, value):
    head = segments[0]
    for i, (name, node) in enumerate(tree):
        if name == head:
            if len(segments) == 1:
                tree[i] = (head, value)
            elif isinstance(node, list):
                _place(node, segments[1:], value)
            else:
                child = []
                _place(child, segments[1:], value)
                tree[i] = (head, child)
            return
    if len(segments) == 1:
        tree.append((head, value))
    else:
        child = []
        _place(child, segments[1:], value)
        tree.append((head, child))


def _tree_fields(tree):
    out = []
    for name, node in tree:
        if isinstance(node, list):
            out.append((name, struct_sql(_tree_fields(node)), None))
        else:
            out.append((name, node, None))
    return out


def cast_sql(sql, source_dt, type_name):
    """SQL casting `sql` (of Spark type source_dt) to a Glue/Spark type name; a choice is resolved
    by casting each alternative. Structs, arrays and maps are left as they are."""
    target = spark_type_of(type_name) if type_name else None
    if target is None or isinstance(target, (T.StructType, T.ArrayType, T.MapType)):
        return sql
    if is_choice_struct(source_dt):
        members = ["try_cast(%s.%s AS %s)" % (sql, sql_name(f.name), target.simpleString()) for f in source_dt.fields
                   if not isinstance(f.dataType, (T.StructType, T.ArrayType, T.MapType))]
        return "coalesce(%s)" % ", ".join(members) if members else "CAST(NULL AS %s)" % target.simpleString()
    if source_dt == target:
        return sql
    if isinstance(source_dt, (T.StructType, T.ArrayType, T.MapType)):
        return sql
    return "try_cast(%s AS %s)" % (sql, target.simpleString())
