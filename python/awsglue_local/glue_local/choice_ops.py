# SPDX-License-Identifier: Apache-2.0
"""resolveChoice: the actions cast, project, make_cols, make_struct and match_catalog on fields
whose values have different types (docs/awsglue.md, "Choice types")."""

from pyspark.sql import types as T

from glue_local.field_ops import cast_sql
from glue_local.field_paths import ARRAY, join_path, parse_path, sql_name
from glue_local.glue_schema import is_choice_struct, type_name
from glue_local.struct_edit import PathNotFound, edit_fields, select_fields, sql_type, top_fields
from glue_local.type_names import spark_type_of

ACTIONS = ("cast", "project", "make_cols", "make_struct", "match_catalog")


def choice_paths(schema):
    """Paths (segment lists) of every choice field, arrays walked with ARRAY segments."""
    found = []

    def walk(dt, prefix):
        if is_choice_struct(dt):
            found.append(prefix)
        elif isinstance(dt, T.StructType):
            for f in dt.fields:
                walk(f.dataType, prefix + [f.name])
        elif isinstance(dt, T.ArrayType):
            walk(dt.elementType, prefix + [ARRAY])

    walk(schema, [])
    return found


def parse_action(action):
    if not isinstance(action, str):
        raise TypeError("A resolveChoice action must be a string such as 'cast:long', got %r" % (action,))
    name, _, target = action.partition(":")
    name = name.strip().lower()
    if name not in ACTIONS:
        raise ValueError(
            "Unknown resolveChoice action %r; use cast:<type>, project:<type>, make_cols, make_struct "
            "or match_catalog" % action
        )
    if name in ("cast", "project") and not target:
        raise ValueError("The action %s needs a target type, e.g. %s:long" % (name, name))
    return name, target.strip()


def resolve_value(sql, dt, action, target, field_name):
    """Replacement fields [(name, sql, dt)] for one field under an action."""
    choice = is_choice_struct(dt)
    if action == "cast":
        return [(field_name, cast_sql(sql, dt, target), None)]
    if action == "project":
        wanted = spark_type_of(target)
        if not choice:
            return [(field_name, cast_sql(sql, dt, target), None)]
        name = type_name(wanted)
        members = [f for f in dt.fields if f.name == name]
        if members:
            return [(field_name, "%s.%s" % (sql, sql_name(name)), members[0].dataType)]
        return [(field_name, "CAST(NULL AS %s)" % wanted.simpleString(), wanted)]
    if not choice:
        return [(field_name, sql, dt)]
    if action == "make_struct":
        # The cast to a plain struct type drops the choice marker from the members.
        return [(field_name, "CAST(%s AS %s)" % (sql, sql_type(dt)), None)]
    if action == "make_cols":
        if field_name is None:
            raise ValueError("make_cols cannot split the elements of an array into columns; use make_struct or cast")
        return [("%s_%s" % (field_name, f.name), "%s.%s" % (sql, sql_name(f.name)), f.dataType) for f in dt.fields]
    raise ValueError("Unsupported action %s" % action)


def resolve_choice(df, specs=None, choice="", catalog_types=None):
    """The DataFrame with each spec (path, action) applied; `choice` applies one action to every
    choice field. catalog_types maps a top-level column to its catalog type (match_catalog)."""
    fields = top_fields(df.schema)
    if specs is not None:
        if isinstance(specs, tuple):
            specs = [specs]
        pairs = [(parse_path(path), action) for path, action in specs]
    else:
        pairs = [(segments, choice) for segments in choice_paths(df.schema)]
    for segments, action in pairs:
        name, target = parse_action(action)
        if name == "match_catalog":
            column = segments[0]
            if not catalog_types or column.lower() not in catalog_types:
                continue
            name, target = "cast", catalog_types[column.lower()]

        def edit(field_name, sql, dt, name=name, target=target):
            return resolve_value(sql, dt, name, target, field_name)

        try:
            fields = edit_fields(fields, segments, edit)
        except PathNotFound:
            continue
        df = select_fields(df, fields)
        fields = top_fields(df.schema)
    return df


def describe_path(segments):
    return join_path([s for s in segments if s != ARRAY])
