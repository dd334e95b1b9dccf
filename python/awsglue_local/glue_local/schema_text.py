# SPDX-License-Identifier: Apache-2.0
"""printSchema's tree and show()'s records, as the DynamicFrame documentation prints them."""

import datetime
import decimal
import json

from awsglue import gluetypes as G


def schema_tree(schema):
    lines = ["root"]

    def walk(dt, depth):
        indent = "|    " * depth + "|-- "
        if isinstance(dt, G.StructType):
            for field in dt.fields:
                lines.append("%s%s: %s" % (indent, field.name, field.dataType.typeName()))
                children(field.dataType, depth + 1)
        else:
            children(dt, depth)

    def children(dt, depth):
        indent = "|    " * depth + "|-- "
        if isinstance(dt, G.StructType):
            walk(dt, depth)
        elif isinstance(dt, G.ArrayType):
            lines.append("%selement: %s" % (indent, dt.elementType.typeName()))
            children(dt.elementType, depth + 1)
        elif isinstance(dt, G.MapType):
            lines.append("%svalue: %s" % (indent, dt.valueType.typeName()))
            children(dt.valueType, depth + 1)
        elif isinstance(dt, G.ChoiceType):
            for name in sorted(dt.choices):
                lines.append("%s%s" % (indent, name))
                children(dt.choices[name], depth + 1)

    walk(schema, 0)
    return "\n".join(lines) + "\n"


def _json_default(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    return str(value)


def record_json(record):
    return json.dumps(record, default=_json_default, ensure_ascii=False)
