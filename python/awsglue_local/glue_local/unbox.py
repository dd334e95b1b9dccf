# SPDX-License-Identifier: Apache-2.0
"""Unbox: a string field holding JSON (or one CSV line) becomes a struct, its types inferred
from the values like any other record."""

import csv
import json

from awsglue import gluetypes as G
from glue_local.field_paths import ARRAY, parse_path
from glue_local.glue_schema import spark_to_glue
from glue_local.not_offered import not_offered
from glue_local.record_ops import frame_data, records_of


def _parser(fmt, options):
    fmt = str(fmt).lower()
    if fmt == "json":
        return json.loads
    if fmt == "csv":
        sep = options.get("separator", ",")
        quote = options.get("quoteChar", '"')
        escaper = options.get("escaper") or None

        def parse_csv(text):
            values = next(csv.reader([text], delimiter=sep, quotechar=quote, escapechar=escaper), [])
            return dict(("col%d" % i, v) for i, v in enumerate(values))

        return parse_csv
    raise not_offered("unbox format %r" % fmt, "Local sessions unbox json and csv.")


def unbox(df, path, fmt, options):
    segments = [s for s in parse_path(path) if s != ARRAY]
    parse = _parser(fmt, options)

    def rewrite(record):
        node = record
        for seg in segments[:-1]:
            node = node.get(seg) if isinstance(node, dict) else None
            if node is None:
                return record
        value = node.get(segments[-1]) if isinstance(node, dict) else None
        if isinstance(value, str):
            try:
                node[segments[-1]] = parse(value)
            except (ValueError, StopIteration):
                node[segments[-1]] = None
        return record

    hint = spark_to_glue(df.schema)
    hint = _without(hint, segments)
    return frame_data(df.sparkSession, records_of(df).map(rewrite), hint)


def _without(struct, segments):
    """The schema hint minus the unboxed field (its old string type must not win)."""
    if not isinstance(struct, G.StructType):
        return struct
    fields = []
    for f in struct.fields:
        if f.name != segments[0]:
            fields.append(f)
        elif len(segments) > 1:
            fields.append(G.Field(f.name, _without(f.dataType, segments[1:])))
    return G.StructType(fields)
