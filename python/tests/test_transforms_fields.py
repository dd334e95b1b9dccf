# SPDX-License-Identifier: Apache-2.0
"""ApplyMapping, SelectFields, DropFields, RenameField, UnnestFrame, DropNullFields, from the
documented examples."""

from conftest import frame_of, records

from awsglue.transforms import ApplyMapping, DropFields, DropNullFields, RenameField, SelectFields, UnnestFrame

PEOPLE = [
    {"name": "Sally", "age": 23, "location": {"state": "WY", "county": "Fremont"}, "friends": []},
    {"name": "Varun", "age": 34, "location": {"state": "NE", "county": "Douglas"},
     "friends": [{"name": "Arjun", "age": 3}]},
    {"name": "George", "age": 52, "location": {"state": "NY"}, "friends": []},
]


def field_names(frame):
    return [f.name for f in frame.schema().fields]


def test_apply_mapping_keeps_only_mapped_fields_and_casts(glue_context):
    persons = frame_of(glue_context, [
        {"family_name": "Collins", "name": "Susan", "birth_date": "1952-12-07", "gender": "female", "id": "a"},
        {"family_name": "Young", "name": "Todd", "birth_date": "not a date", "gender": "male", "id": "b"},
    ])
    mapped = ApplyMapping.apply(frame=persons, mappings=[
        ("family_name", "string", "last_name", "string"),
        ("name", "string", "first_name", "string"),
        ("birth_date", "string", "date_of_birth", "date"),
    ])
    assert [(f.name, f.dataType.typeName()) for f in mapped.schema().fields] == [
        ("last_name", "string"), ("first_name", "string"), ("date_of_birth", "date")]
    rows = {r["last_name"]: r for r in records(mapped)}
    assert str(rows["Collins"]["date_of_birth"]) == "1952-12-07"
    assert rows["Young"]["date_of_birth"] is None


def test_apply_mapping_accepts_type_names_in_any_case_and_nested_targets(glue_context):
    orders = frame_of(glue_context, [{"order_id": "10", "zipcode": "98101", "`odd.name`": "x"}])
    mapped = orders.apply_mapping([
        ("order_id", "String", "order.id", "Long"),
        ("zipcode", "string", "order.zip", "long"),
        ("ORDER_ID", "string", "copy", "int"),
    ])
    assert records(mapped) == [{"order": {"id": 10, "zip": 98101}, "copy": 10}]
    assert mapped.schema().getField("copy").dataType.typeName() == "int"


def test_select_fields_keeps_given_top_level_fields(glue_context):
    people = frame_of(glue_context, PEOPLE)
    selected = SelectFields.apply(frame=people, paths=["name", "age"])
    assert field_names(selected) == ["name", "age"]
    assert selected.count() == 3


def test_drop_fields_top_level_nested_and_inside_arrays(glue_context):
    people = frame_of(glue_context, PEOPLE)
    assert "age" not in field_names(DropFields.apply(frame=people, paths=["age"]))
    no_county = DropFields.apply(frame=people, paths=["location.county"])
    assert [f.name for f in no_county.schema().getField("location").dataType.fields] == ["state"]
    no_location = people.drop_fields(["location.county", "location.state"])
    assert "location" not in field_names(no_location)
    no_friend_age = people.drop_fields(["friends.age"])
    friend = no_friend_age.schema().getField("friends").dataType.elementType
    assert [f.name for f in friend.fields] == ["name"]
    varun = [r for r in records(no_friend_age) if r["name"] == "Varun"][0]
    assert varun["friends"] == [{"name": "Arjun"}]


def test_drop_fields_with_back_quoted_dotted_name(glue_context):
    frame = frame_of(glue_context, [{".zip": "123", "zip": "456"}])
    assert field_names(frame.drop_fields(["`.zip`"])) == ["zip"]


def test_rename_field_chained_and_dotted(glue_context):
    orgs = frame_of(glue_context, [{"id": "o1", "name": "Senate", "customers.val.address": "Main St"}])
    renamed = RenameField.apply(frame=orgs, old_name="id", new_name="org_id").rename_field("name", "org_name")
    renamed = renamed.rename_field("`customers.val.address`", "address")
    assert field_names(renamed) == ["org_id", "org_name", "address"]
    assert records(renamed) == [{"org_id": "o1", "org_name": "Senate", "address": "Main St"}]


def test_unnest_flattens_structs_with_dotted_names_and_keeps_arrays(glue_context):
    frame = frame_of(glue_context, [{"Address": {"Zip.Code": "1", "City": "X", "Array": ["a", "b"]}}])
    flat = UnnestFrame.apply(frame=frame)
    assert field_names(flat) == ["Address.Zip.Code", "Address.City", "Address.Array"]
    assert flat.schema().getField("Address.Array").dataType.typeName() == "array"


def test_drop_null_fields_removes_fields_null_in_every_record(glue_context):
    frame = frame_of(glue_context, [
        {"id": 1, "empty": None, "nested": {"gone": None, "kept": 1}, "sometimes": None},
        {"id": 2, "empty": None, "nested": {"gone": None, "kept": None}, "sometimes": "x"},
    ])
    cleaned = DropNullFields.apply(frame=frame)
    assert field_names(cleaned) == ["id", "nested", "sometimes"]
    assert [f.name for f in cleaned.schema().getField("nested").dataType.fields] == ["kept"]


def test_transforms_on_an_empty_frame(glue_context):
    from pyspark.sql import types as T

    from awsglue.dynamicframe import DynamicFrame

    schema = T.StructType([T.StructField("a", T.StringType()), T.StructField("b", T.LongType())])
    empty = DynamicFrame.fromDF(glue_context.spark_session.createDataFrame([], schema), glue_context, "empty")
    assert empty.apply_mapping([("a", "string", "x", "string")]).count() == 0
    assert field_names(DropNullFields.apply(frame=empty)) == ["a", "b"]
    assert empty.select_fields(["b"]).count() == 0
