# SPDX-License-Identifier: Apache-2.0
"""connection_type s3 readers and writers: csv, json, parquet, orc and their format options."""

import gzip
import os

from conftest import put, records

from glue_local.s3_paths import local_path


def read(glue_context, uri, fmt, format_options=None, **connection_options):
    options = dict({"paths": [uri]}, **connection_options)
    return glue_context.create_dynamic_frame.from_options("s3", options, format=fmt, format_options=format_options or {})


def types_of(frame):
    return dict((f.name, f.dataType.typeName()) for f in frame.schema().fields)


def test_csv_with_header_infers_types_per_value(glue_context, bucket):
    put("s3://%s/medicare/part1.csv" % bucket,
        "provider id,provider name,total discharges,average payments\n"
        "10001,SOUTHEAST ALABAMA,91,5777.24\n10005,MARSHALL,14,5787.57\nABC,BAD ID,,\n")
    frame = read(glue_context, "s3://%s/medicare/" % bucket, "csv", {"withHeader": True})
    assert types_of(frame) == {"provider id": "choice", "provider name": "string", "total discharges": "long",
                               "average payments": "double"}
    assert frame.count() == 3
    assert frame.name == "%smedicare" % bucket.replace("-", "-")


def test_csv_text_with_a_digit_is_a_string_not_a_number(glue_context, bucket):
    put("s3://%s/codes/a.csv" % bucket, "day,code,rate\nd1,a.5,1.5\nd2,x1e3,.5\n")
    frame = read(glue_context, "s3://%s/codes/" % bucket, "csv", {"withHeader": True})
    assert types_of(frame) == {"day": "string", "code": "string", "rate": "double"}
    assert records(frame) == [{"day": "d1", "code": "a.5", "rate": 1.5}, {"day": "d2", "code": "x1e3", "rate": 0.5}]


def test_csv_without_header_separator_and_quote(glue_context, bucket):
    put("s3://%s/pipes/a.csv" % bucket, "1|'a|b'\n2|'c'\n")
    frame = read(glue_context, "s3://%s/pipes/" % bucket, "csv", {"separator": "|", "quoteChar": "'"})
    assert records(frame) == [{"col0": 1, "col1": "a|b"}, {"col0": 2, "col1": "c"}]


def test_csv_multiline_quoted_field(glue_context, bucket):
    put("s3://%s/ml/a.csv" % bucket, 'id,text\n1,"line one\nline two"\n')
    frame = read(glue_context, "s3://%s/ml/" % bucket, "csv", {"withHeader": True, "multiLine": True})
    assert records(frame) == [{"id": 1, "text": "line one\nline two"}]


def test_json_lines_with_mixed_types_is_a_choice(glue_context, bucket, capsys):
    put("s3://%s/j/a.json" % bucket, '{"id": 1, "v": "1"}\n{"id": 2, "v": 2}\n{"id": 3, "v": null, "n": {"x": [1, 2]}}\n')
    frame = read(glue_context, "s3://%s/j/" % bucket, "json")
    frame.printSchema()
    assert capsys.readouterr().out == (
        "root\n|-- id: long\n|-- v: choice\n|    |-- long\n|    |-- string\n"
        "|-- n: struct\n|    |-- x: array\n|    |    |-- element: long\n"
    )
    values = dict((r["id"], r["v"]) for r in records(frame))
    assert values == {1: "1", 2: 2, 3: None}


def test_json_malformed_line_becomes_an_error_record(glue_context, bucket):
    put("s3://%s/bad/a.json" % bucket, '{"id": 1}\n{"id": 2,,}\n{"id": 4}\n')
    frame = read(glue_context, "s3://%s/bad/" % bucket, "json")
    assert [r["id"] for r in records(frame)] == [1, 4]
    assert frame.errorsCount() == 1 and frame.stageErrorsCount() == 1
    errors = frame.errorsAsDynamicFrame().toDF()
    assert errors.columns == ["error"]
    assert set(errors.schema["error"].dataType.names) == {"callsite", "msg", "stackTrace", "input", "bytesread",
                                                          "source", "dynamicRecord"}
    assert errors.first().error.input == '{"id": 2,,}'


def test_json_multiline_and_json_path(glue_context, bucket):
    put("s3://%s/arr/a.json" % bucket, '{"records": [\n {"id": 1},\n {"id": 2}\n]}\n')
    frame = read(glue_context, "s3://%s/arr/" % bucket, "json", {"jsonPath": "$.records[*]"})
    assert records(frame) == [{"id": 1}, {"id": 2}]
    put("s3://%s/ml/a.json" % bucket, '{\n "id": 7\n}\n')
    assert records(read(glue_context, "s3://%s/ml/" % bucket, "json", {"multiLine": True})) == [{"id": 7}]


def test_recurse_and_exclusions(glue_context, bucket):
    put("s3://%s/r/a.json" % bucket, '{"id": 1}\n')
    put("s3://%s/r/sub/b.json" % bucket, '{"id": 2}\n')
    put("s3://%s/r/sub/c.pdf" % bucket, "not json")
    assert records(read(glue_context, "s3://%s/r/" % bucket, "json")) == [{"id": 1}]
    frame = read(glue_context, "s3://%s/r/" % bucket, "json", recurse=True, exclusions='["**.pdf"]')
    assert records(frame) == [{"id": 1}, {"id": 2}]


def test_gzip_json_is_read(glue_context, bucket):
    path = local_path("s3://%s/gz/a.json.gz" % bucket)
    os.makedirs(os.path.dirname(path))
    with gzip.open(path, "wt") as out:
        out.write('{"id": 5}\n')
    assert records(read(glue_context, "s3://%s/gz/" % bucket, "json")) == [{"id": 5}]


def test_parquet_write_with_partition_keys_and_read_back(glue_context, bucket, spark):
    from awsglue.dynamicframe import DynamicFrame

    df = spark.createDataFrame([(1, "2024", "a"), (2, "2025", "b")], "id long, year string, name string")
    frame = DynamicFrame.fromDF(df, glue_context, "people")
    glue_context.write_dynamic_frame.from_options(frame, "s3", {"path": "s3://%s/out/" % bucket, "partitionKeys": ["year"]},
                                                  format="parquet")
    folder = local_path("s3://%s/out/" % bucket)
    assert sorted(d for d in os.listdir(folder) if not d.startswith(("_", "."))) == ["year=2024", "year=2025"]
    assert not [f for f in os.listdir(os.path.join(folder, "year=2024")) if f.endswith(".crc")]
    back = read(glue_context, "s3://%s/out/" % bucket, "parquet")
    assert sorted((r["id"], str(r["year"]), r["name"]) for r in records(back)) == [(1, "2024", "a"), (2, "2025", "b")]
    filtered = glue_context.create_dynamic_frame.from_options(
        "s3", {"paths": ["s3://%s/out/" % bucket]}, format="parquet", push_down_predicate="year == '2025'")
    assert [r["id"] for r in records(filtered)] == [2]


def test_orc_round_trip_and_gzip_csv_writer_options(glue_context, bucket, spark):
    from awsglue.dynamicframe import DynamicFrame

    frame = DynamicFrame.fromDF(spark.createDataFrame([(1, "x,y")], "id long, s string"), glue_context, "f")
    glue_context.write_dynamic_frame.from_options(frame, "s3", {"path": "s3://%s/orc/" % bucket}, format="orc")
    assert records(read(glue_context, "s3://%s/orc/" % bucket, "orc")) == [{"id": 1, "s": "x,y"}]
    glue_context.write_dynamic_frame.from_options(
        frame, "s3", {"path": "s3://%s/csv/" % bucket}, format="csv",
        format_options={"writeHeader": False, "separator": "|", "quoteChar": -1, "compression": "gzip"})
    folder = local_path("s3://%s/csv/" % bucket)
    files = [f for f in os.listdir(folder) if f.endswith(".gz")]
    assert files
    text = "".join(gzip.open(os.path.join(folder, f), "rt").read() for f in files)
    assert text == "1|x,y\n"


def test_json_writer_writes_choice_values(glue_context, bucket):
    put("s3://%s/in/a.json" % bucket, '{"v": "1"}\n{"v": 2}\n')
    frame = read(glue_context, "s3://%s/in/" % bucket, "json")
    frame.write("s3", {"path": "s3://%s/jout/" % bucket}, "json")
    folder = local_path("s3://%s/jout/" % bucket)
    lines = sorted(l for f in os.listdir(folder) if f.endswith(".txt") or f.endswith(".json") or f.startswith("part")
                   for l in open(os.path.join(folder, f)).read().splitlines() if not f.startswith("."))
    assert lines == ['{"v": "1"}', '{"v": 2}']
