"""What Python itself makes of texts, for the differential tests of our parsers.

Reads one JSON request per line and writes one JSON answer per line, so that a test run starts
this process once:
  {"literal": TEXT} -> ast.literal_eval(TEXT), with true/false/null read as True/False/None (the
                       one extension src/magics/python-literal.ts documents)
  {"shlex": TEXT}   -> shlex.split(TEXT)
"""
import ast
import json
import shlex
import sys
import warnings

warnings.simplefilter("ignore")  # invalid escape sequences only warn

JSON_WORDS = {"true": True, "false": False, "null": None}


class JsonWords(ast.NodeTransformer):
    def visit_Name(self, node):
        if node.id in JSON_WORDS:
            return ast.copy_location(ast.Constant(JSON_WORDS[node.id]), node)
        return node


def tagged(value):
    """The value with its Python type; ints in hex (no digit limit), floats as repr."""
    if value is None:
        return {"t": "none"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": hex(value)}
    if isinstance(value, float):
        return {"t": "float", "v": repr(value)}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, (list, tuple)):
        return {"t": type(value).__name__, "v": [tagged(item) for item in value]}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[tagged(k), tagged(v)] for k, v in value.items()]}
    return {"t": "other", "v": type(value).__name__}


def literal(text):
    try:
        # As ast.literal_eval(text) does, with the JSON words turned into constants first.
        tree = ast.parse(text.lstrip(" \t"), mode="eval")
        value = ast.literal_eval(JsonWords().visit(tree))
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError) as err:
        return {"ok": False, "error": f"{type(err).__name__}: {err}"}
    try:
        shown = repr(value)
    except ValueError:  # an int beyond the digit limit has no repr
        shown = None
    return {"ok": True, "value": tagged(value), "repr": shown}


def split(text):
    try:
        return {"ok": True, "words": shlex.split(text)}
    except ValueError as err:
        return {"ok": False, "error": str(err)}


for line in sys.stdin:
    request = json.loads(line)
    answer = literal(request["literal"]) if "literal" in request else split(request["shlex"])
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
