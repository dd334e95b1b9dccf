# SPDX-License-Identifier: Apache-2.0
"""Filter, Map, Join, SplitFields, SplitRows, Spigot, Unbox, Relationalize, Repartition/Coalesce,
mergeDynamicFrame and the collection transforms, from the documented examples."""

import json
import os

from conftest import frame_of, records

from awsglue.dynamicframe import DynamicFrameCollection
from awsglue.transforms import (
    Coalesce, Filter, FlatMap, Join, Map, MapToCollection, Relationalize, Repartition, SelectFromCollection, Spigot,
    SplitFields, SplitRows, Unbox,
)
from glue_local.s3_paths import local_path

MEDICARE = [
    {"Provider City": "SACRAMENTO", "Provider State": "CA", "id": 1},
    {"Provider City": "MONTGOMERY", "Provider State": "AL", "id": 2},
    {"Provider City": "BOSTON", "Provider State": "MA", "id": 3},
    {"Provider City": "SACRAMENTO", "Provider State": "CA", "id": 4},
]


def test_filter_receives_dynamic_records(glue_context):
    frame = frame_of(glue_context, MEDICARE)
    kept = Filter.apply(frame=frame, f=lambda r: r["Provider State"] in ("CA", "AL") and r.id < 4)
    assert sorted(r["id"] for r in records(kept)) == [1, 2]


def test_filter_excludes_records_on_key_errors_and_counts_other_errors(glue_context):
    frame = frame_of(glue_context, [{"a": 1}, {"a": 2}, {"a": 3}])

    def pick(record):
        if record["a"] == 2:
            raise RuntimeError("boom")
        if record["a"] == 3:
            return record["no such field"]
        return True

    kept = frame.filter(pick)
    assert records(kept) == [{"a": 1}]
    assert kept.stageErrorsCount() == 1 and kept.errorsCount() == 1


def test_map_adds_nested_structs_and_arrays_and_deletes_fields(glue_context):
    frame = frame_of(glue_context, [{"Street": "1 Main", "City": "X", "State": "WA", "Zip": 98101}])

    def merge_address(rec):
        rec["Address"] = {"Street": rec["Street"], "City": rec["City"], "State": rec["State"], "Zip.Code": rec["Zip"],
                          "Array": [rec["Street"], rec["City"], rec["State"], str(rec["Zip"])]}
        del rec["Street"], rec["City"], rec["State"], rec["Zip"]
        return rec

    mapped = Map.apply(frame=frame, f=merge_address)
    address = mapped.schema().getField("Address").dataType
    assert [f.name for f in mapped.schema().fields] == ["Address"]
    assert address.getField("Array").dataType.typeName() == "array"
    assert records(mapped)[0]["Address"]["Zip.Code"] == 98101


def test_error_thresholds(glue_context):
    import pytest

    from glue_local.error_records import ErrorThresholdExceeded

    frame = frame_of(glue_context, [{"a": 1}, {"a": 2}, {"a": 3}])
    assert frame.map(lambda r: None if r["a"] == 1 else r, stageThreshold=1).assertErrorThreshold() is None
    with pytest.raises(ErrorThresholdExceeded, match="stage error threshold"):
        frame.map(lambda r: None if r["a"] < 3 else r, stageThreshold=1)


def test_map_returning_none_is_an_error_record(glue_context):
    frame = frame_of(glue_context, [{"a": 1}, {"a": 2}])
    mapped = frame.map(lambda r: r if r["a"] == 1 else None)
    assert records(mapped) == [{"a": 1}]
    assert mapped.errorsCount() == 1
    msg = mapped.errorsAsDynamicFrame().toDF().first().error.msg
    assert "returned None instead of DynamicRecord" in msg


def test_join_keeps_all_fields_and_prefixes_duplicates(glue_context):
    persons = frame_of(glue_context, [{"id": 1, "name": "Ann", "zip": "1"}, {"id": 2, "name": "Bob", "zip": "2"}], "persons")
    memberships = frame_of(glue_context, [{"person_id": 1, "org": "Senate", "zip": "9"}], "memberships")
    joined = Join.apply(persons, memberships, "id", "person_id")
    assert [f.name for f in joined.schema().fields] == ["id", "name", "zip", "person_id", "org", ".zip"]
    assert records(joined) == [{"id": 1, "name": "Ann", "zip": "1", "person_id": 1, "org": "Senate", ".zip": "9"}]
    assert joined.name == "personsmemberships"


def test_split_fields_and_split_rows(glue_context):
    frame = frame_of(glue_context, [{"id": i, "index": i, "val": "v%d" % i, "age": a} for i, a in enumerate([5, 15, 25])], "f")
    parts = SplitFields.apply(frame, ["id", "index"], "left", "right")
    assert sorted(parts.keys()) == ["left", "right"]
    assert [f.name for f in parts["left"].schema().fields] == ["id", "index"]
    assert [f.name for f in parts["right"].schema().fields] == ["val", "age"]
    rows = SplitRows.apply(frame, {"age": {">": 10, "<": 20}}, "teen", "rest")
    assert [r["age"] for r in records(rows["teen"])] == [15]
    assert sorted(r["age"] for r in records(rows["rest"])) == [5, 25]


def test_spigot_writes_a_sample_and_passes_the_frame_on(glue_context, bucket):
    frame = frame_of(glue_context, [{"id": i} for i in range(20)])
    same = Spigot.apply(frame, "s3://%s/spigot/" % bucket, {"topk": 10})
    assert same is frame
    folder = local_path("s3://%s/spigot/" % bucket)
    lines = [l for f in os.listdir(folder) if not f.startswith((".", "_")) for l in open(os.path.join(folder, f))]
    assert len(lines) == 10 and json.loads(lines[0]) == {"id": 0}


def test_unbox_json_string_into_a_struct(glue_context):
    frame = frame_of(glue_context, [{"id": 1, "data": '{"strawberry": "220", "mango": 7, "pears": null}'}])
    unboxed = Unbox.apply(frame=frame, path="data", format="json")
    data = unboxed.schema().getField("data").dataType
    assert data.typeName() == "struct"
    assert [(f.name, f.dataType.typeName()) for f in data.fields] == [("strawberry", "string"), ("mango", "long"),
                                                                      ("pears", "null")]


def test_relationalize_pivots_arrays_into_tables(glue_context):
    frame = frame_of(glue_context, [
        {"zip": "1", "customers": [{"id": 1, "address": "a"}, {"id": 2, "address": "b"}], "meta": {"src": "x"}},
        {"zip": "2", "customers": [{"id": 3, "address": "c"}], "meta": {"src": "y"}},
    ])
    tables = Relationalize.apply(frame=frame, staging_path="s3://unused/", name="root")
    assert sorted(tables.keys()) == ["root", "root_customers"]
    root = tables["root"]
    assert [f.name for f in root.schema().fields] == ["zip", "customers", "meta.src"]
    ids = dict((r["zip"], r["customers"]) for r in records(root))
    child = tables.select("root_customers")
    assert [f.name for f in child.schema().fields] == ["id", "index", "customers.val.id", "customers.val.address"]
    rows = sorted((r["id"], r["index"], r["customers.val.address"]) for r in records(child))
    assert rows == sorted([(ids["1"], 0, "a"), (ids["1"], 1, "b"), (ids["2"], 0, "c")])
    assert sorted(ids.values()) == [1, 2]


def test_repartition_coalesce_and_partitions(glue_context):
    frame = frame_of(glue_context, [{"id": i} for i in range(10)])
    assert Repartition.apply(frame, 3).getNumPartitions() == 3
    assert Coalesce.apply(Repartition.apply(frame, 3), 1).getNumPartitions() == 1


def test_merge_dynamic_frame_replaces_matching_records(glue_context):
    source = frame_of(glue_context, [{"id": 1, "v": "old"}, {"id": 20, "v": "keep"}])
    staging = frame_of(glue_context, [{"id": 1, "v": "new"}])
    merged = source.mergeDynamicFrame(staging, ["id"])
    assert records(merged) == [{"id": 1, "v": "new"}, {"id": 20, "v": "keep"}]


def test_collections(glue_context):
    a = frame_of(glue_context, [{"x": 1}], "a")
    b = frame_of(glue_context, [{"x": 2}], "b")
    dfc = DynamicFrameCollection([a, b], glue_context)
    assert sorted(dfc.keys()) == ["a", "b"]
    assert SelectFromCollection.apply(dfc, "a") is a
    assert SelectFromCollection.apply(dfc, "missing").count() == 0
    renamed = MapToCollection.apply(dfc, lambda frame, ctx: frame.rename_field("x", "y"))
    assert [f.name for f in renamed["b"].schema().fields] == ["y"]
    split = FlatMap.apply(dfc, SplitRows, "frame", comparison_dict={"x": {">": 1}}, name1="big", name2="small")
    assert sorted(split.keys()) == ["big", "small"]


def test_show_prints_records_as_json(glue_context, capsys):
    frame_of(glue_context, [{"name": "Sally", "age": 23}]).show()
    assert capsys.readouterr().out == '{"name": "Sally", "age": 23}\n'
