# SPDX-License-Identifier: Apache-2.0
"""Field paths as Glue writes them: `a.b.c` for nested fields, back-quotes around a name that
itself holds dots (`` `zip.code` ``), and `[]` for the elements of an array (`items[].price`)."""

ARRAY = "[]"


def parse_path(path):
    """Split a Glue path into its segments; `[]` becomes its own ARRAY segment."""
    if not isinstance(path, str) or path == "":
        raise ValueError("A field path must be a non-empty string, got %r" % (path,))
    segments, current, quoted, i = [], [], False, 0
    while i < len(path):
        ch = path[i]
        if ch == "`":
            if quoted and i + 1 < len(path) and path[i + 1] == "`":
                current.append("`")
                i += 2
                continue
            quoted = not quoted
        elif ch == "." and not quoted:
            segments.append("".join(current))
            current = []
        elif not quoted and path.startswith(ARRAY, i):
            if current:
                segments.append("".join(current))
                current = []
            segments.append(ARRAY)
            i += 2
            if i < len(path) and path[i] == ".":
                i += 1
            continue
        else:
            current.append(ch)
        i += 1
    if quoted:
        raise ValueError("Unbalanced back-quote in field path %r" % path)
    if current or not segments or segments[-1] != ARRAY:
        segments.append("".join(current))
    if any(s == "" for s in segments):
        raise ValueError("Empty segment in field path %r" % path)
    return segments


def quote_name(name):
    """A field name in Glue path syntax (back-quoted when it holds a dot)."""
    return "`%s`" % name.replace("`", "``") if ("." in name or "`" in name) else name


def join_path(segments):
    return ".".join(quote_name(s) for s in segments)


def sql_name(name):
    """A name as a Spark SQL identifier."""
    return "`%s`" % name.replace("`", "``")


def sql_ref(segments):
    return ".".join(sql_name(s) for s in segments)


def sql_string(text):
    return "'%s'" % text.replace("\\", "\\\\").replace("'", "\\'")
