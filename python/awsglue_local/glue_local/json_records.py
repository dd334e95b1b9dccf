# SPDX-License-Identifier: Apache-2.0
"""JSON records as the Glue JSON reader finds them: one object per line, or with multiLine any
sequence of JSON values in a file, or the objects a `jsonPath` selects (a JsonPath subset: $,
.name, ['name'], [n], [*] and .*)."""

import json
import re

_TOKEN = re.compile(r"\.\*|\[\*\]|\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\[\"([^\"]*)\"\]")


class JsonPathError(ValueError):
    pass


def compile_json_path(path):
    path = path.strip()
    if not path.startswith("$"):
        raise JsonPathError("jsonPath must start with '$', e.g. '$[*]' or '$.records[*]', got %r" % path)
    steps, pos = [], 1
    while pos < len(path):
        match = _TOKEN.match(path, pos)
        if not match:
            raise JsonPathError("Unsupported jsonPath %r at %r; supported: $, .name, ['name'], [n], [*], .*" % (path, path[pos:]))
        text = match.group(0)
        if text in (".*", "[*]"):
            steps.append(("all", None))
        elif match.group(1) is not None:
            steps.append(("key", match.group(1)))
        elif match.group(2) is not None:
            steps.append(("index", int(match.group(2))))
        else:
            steps.append(("key", match.group(3) if match.group(3) is not None else match.group(4)))
        pos = match.end()
    return steps


def select(document, steps):
    values = [document]
    for kind, arg in steps:
        nxt = []
        for value in values:
            if kind == "key" and isinstance(value, dict) and arg in value:
                nxt.append(value[arg])
            elif kind == "index" and isinstance(value, list) and -len(value) <= arg < len(value):
                nxt.append(value[arg])
            elif kind == "all":
                if isinstance(value, list):
                    nxt.extend(value)
                elif isinstance(value, dict):
                    nxt.extend(value.values())
        values = nxt
    return values


def _documents(text):
    decoder = json.JSONDecoder()
    pos, end = 0, len(text)
    while True:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            return
        value, pos = decoder.raw_decode(text, pos)
        yield value


def parse_file(path, text, multi_line=False, json_path=None):
    """Yields ("ok", dict) per record and ("err", (message, input)) per unparseable input."""
    steps = compile_json_path(json_path) if json_path else None
    if steps is not None or multi_line:
        try:
            documents = list(_documents(text))
        except ValueError as exc:
            yield ("err", ("Malformed JSON in %s: %s" % (path, exc), text[:1000]))
            return
        for document in documents:
            values = select(document, steps) if steps is not None else (document if isinstance(document, list) else [document])
            for value in values:
                if isinstance(value, dict):
                    yield ("ok", value)
                else:
                    yield ("err", ("A JSON record must be an object, got %s" % type(value).__name__, json.dumps(value)[:1000]))
        return
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            yield ("err", ("Malformed JSON record: %s" % exc, line))
            continue
        if isinstance(value, dict):
            yield ("ok", value)
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            for item in value:
                yield ("ok", item)
        else:
            yield ("err", ("A JSON record must be an object, got %s" % type(value).__name__, line))
