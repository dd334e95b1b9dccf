# SPDX-License-Identifier: Apache-2.0
"""resolveChoice / ResolveChoice on fields whose values have different types (the documented
medicare example: provider id is choice{long,string})."""

import pytest

from conftest import frame_of, records

from awsglue.dynamicframe import ResolveOption
from awsglue.transforms import ResolveChoice

MEDICARE = [{"provider id": 10001, "name": "A"}, {"provider id": "ABC", "name": "B"}, {"provider id": 10005, "name": "C"}]


def types_of(frame):
    return dict((f.name, f.dataType.typeName()) for f in frame.schema().fields)


def test_mixed_values_make_a_choice(glue_context):
    frame = frame_of(glue_context, MEDICARE)
    choice = frame.schema().getField("provider id").dataType
    assert choice.typeName() == "choice" and sorted(choice.choices) == ["long", "string"]


def test_cast_long_turns_uncastable_strings_to_null(glue_context):
    resolved = ResolveChoice.apply(frame_of(glue_context, MEDICARE), specs=[("provider id", "cast:long")])
    assert types_of(resolved)["provider id"] == "long"
    assert sorted((r["name"], r["provider id"]) for r in records(resolved)) == [("A", 10001), ("B", None), ("C", 10005)]


def test_make_cols_gives_one_column_per_type(glue_context):
    resolved = frame_of(glue_context, MEDICARE).resolveChoice(choice="make_cols")
    assert types_of(resolved) == {"provider id_long": "long", "provider id_string": "string", "name": "string"}
    by_name = dict((r["name"], r) for r in records(resolved))
    assert by_name["B"] == {"provider id_long": None, "provider id_string": "ABC", "name": "B"}


def test_make_struct_and_project(glue_context):
    frame = frame_of(glue_context, MEDICARE)
    as_struct = frame.resolveChoice(specs=[("provider id", "make_struct")])
    assert types_of(as_struct)["provider id"] == "struct"
    assert dict((r["name"], r["provider id"]) for r in records(as_struct))["B"] == {"long": None, "string": "ABC"}
    projected = frame.resolveChoice(specs=[("provider id", "project:string")])
    assert types_of(projected)["provider id"] == "string"
    assert dict((r["name"], r["provider id"]) for r in records(projected)) == {"A": None, "B": "ABC", "C": None}


def test_choice_inside_arrays_with_bracket_path(glue_context):
    frame = frame_of(glue_context, [{"myList": [{"price": 1}, {"price": "2.5"}]}])
    resolved = frame.resolveChoice(specs=[("myList[].price", "cast:double")])
    assert records(resolved) == [{"myList": [{"price": 1.0}, {"price": 2.5}]}]


def test_to_df_keeps_an_unresolved_choice_as_a_struct_and_options_resolve_it(glue_context):
    from awsglue.gluetypes import LongType

    frame = frame_of(glue_context, MEDICARE)
    df = frame.toDF()
    assert df.schema["provider id"].dataType.simpleString() == "struct<long:bigint,string:string>"
    projected = frame.toDF([ResolveOption("provider id", "Project", LongType())])
    assert projected.schema["provider id"].dataType.simpleString() == "bigint"
    kept = frame.toDF([ResolveOption("provider id", "KeepAsStruct")])
    assert kept.schema["provider id"].dataType.simpleString() == "struct<long:bigint,string:string>"


def test_argument_errors(glue_context):
    frame = frame_of(glue_context, MEDICARE)
    with pytest.raises(Exception, match="Parameter specs and option are both missing, add one."):
        frame.resolveChoice()
    with pytest.raises(Exception, match="both specified"):
        frame.resolveChoice(specs=[("provider id", "cast:long")], choice="make_cols")
    with pytest.raises(ValueError, match="Unknown resolveChoice action"):
        frame.resolveChoice(specs=[("provider id", "explode")])


def test_union_of_frames_with_different_types_is_a_choice(glue_context):
    a = frame_of(glue_context, [{"id": 1}])
    b = frame_of(glue_context, [{"id": "x"}])
    both = a.union(b)
    assert types_of(both) == {"id": "choice"}
    assert sorted(map(str, (r["id"] for r in records(both)))) == ["1", "x"]
