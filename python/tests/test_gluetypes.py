# SPDX-License-Identifier: Apache-2.0
"""awsglue.gluetypes: type names, JSON form, merging, DynamicRecord."""

import pytest

from awsglue import gluetypes as G


def test_type_names_and_json():
    assert G.IntegerType().typeName() == "int"
    assert G.LongType().typeName() == "long"
    assert G.DecimalType(5, 1).jsonValue() == {"dataType": "decimal", "properties": {}, "precision": 5, "scale": 1}
    struct = G.StructType([G.Field("a", G.ArrayType(G.StringType()))])
    assert G.fromJsonValue(struct.jsonValue()) == struct


def test_merge_rules():
    assert G.mergeDataTypes(G.NullType(), G.LongType()) == G.LongType()
    choice = G.mergeDataTypes(G.LongType(), G.StringType())
    assert isinstance(choice, G.ChoiceType) and sorted(choice.choices) == ["long", "string"]
    merged = G.mergeDataTypes(G.StructType([G.Field("a", G.LongType())]), G.StructType([G.Field("b", G.StringType())]))
    assert [f.name for f in merged.fields] == ["a", "b"]
    assert G.mergeDataTypes(G.ArrayType(G.NullType()), G.ArrayType(G.LongType())) == G.ArrayType(G.LongType())


def test_choice_type_refuses_duplicate_alternative():
    with pytest.raises(ValueError):
        G.ChoiceType([G.LongType(), G.LongType()])


def test_dynamic_record_attribute_access():
    record = G.DynamicRecord({"name": "a", "Provider City": "X"})
    record.age = 3
    assert record.name == "a" and record["age"] == 3 and record["Provider City"] == "X"
    with pytest.raises(AttributeError):
        record.missing
