# SPDX-License-Identifier: Apache-2.0
"""The files an S3 source reads: `paths` (prefixes or objects), `recurse`, `exclusions` (a JSON
list of crawler-style globs). Hidden files (`_SUCCESS`, `.crc`, names starting with _ or .) are
skipped as Spark skips them."""

import collections
import json
import os
import re

from glue_local import s3_paths

SourceFile = collections.namedtuple("SourceFile", "uri path mtime_ms size")


def source_paths(connection_options):
    paths = connection_options.get("paths", connection_options.get("path"))
    if paths is None:
        raise ValueError("connection_options needs 'paths': a list of s3:// prefixes or objects to read")
    if isinstance(paths, str):
        paths = [p.strip() for p in paths.split(",") if p.strip()]
    if not isinstance(paths, (list, tuple)) or not paths:
        raise ValueError("connection_options 'paths' must be a non-empty list of s3:// prefixes or objects")
    return list(paths)


def _local(uri):
    if s3_paths.is_s3_uri(uri):
        return s3_paths.local_path(uri)
    if uri.startswith("file://"):
        return uri[len("file://"):]
    return uri


def _uri_of(base_uri, base_local, path):
    rel = os.path.relpath(path, base_local).replace(os.sep, "/")
    if rel == ".":
        return base_uri
    return base_uri.rstrip("/") + "/" + rel


def _hidden(name):
    return name.startswith("_") or name.startswith(".") or name.endswith(".crc")


def glob_regex(pattern):
    """A crawler-style glob as a regex: ** crosses folders, * and ? stay inside one, {a,b} picks."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "{":
            end = pattern.find("}", i)
            if end < 0:
                out.append(re.escape(ch))
            else:
                out.append("(?:%s)" % "|".join(re.escape(p) for p in pattern[i + 1 : end].split(",")))
                i = end
        elif ch == "[":
            end = pattern.find("]", i)
            if end < 0:
                out.append(re.escape(ch))
            else:
                out.append(pattern[i : end + 1].replace("[!", "[^"))
                i = end
        else:
            out.append(re.escape(ch))
        i += 1
    return re.compile("^%s$" % "".join(out))


def parse_exclusions(value):
    if not value:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValueError('exclusions must be a JSON list of globs, e.g. "[\\"**.pdf\\"]", got %r' % value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError('exclusions must be a JSON list of globs, e.g. "[\\"**.pdf\\"]"')
    return [glob_regex(v) for v in value]


def list_files(connection_options, recurse=None):
    """SourceFiles under the options' paths, sorted by URI."""
    if recurse is None:
        recurse = str(connection_options.get("recurse", False)).lower() == "true"
    exclusions = parse_exclusions(connection_options.get("exclusions"))
    found = {}
    for uri in source_paths(connection_options):
        base = _local(uri)
        if os.path.isfile(base):
            candidates = [base]
            base_dir, base_uri = os.path.dirname(base), uri.rsplit("/", 1)[0]
        elif os.path.isdir(base):
            base_dir, base_uri = base, uri
            candidates = []
            for root, dirs, files in os.walk(base):
                dirs[:] = sorted(d for d in dirs if not _hidden(d)) if recurse else []
                candidates.extend(os.path.join(root, f) for f in sorted(files) if not _hidden(f))
        else:
            continue
        for path in candidates:
            file_uri = _uri_of(base_uri, base_dir, path)
            rel = os.path.relpath(path, base_dir).replace(os.sep, "/")
            if any(rx.match(rel) or rx.match(file_uri) for rx in exclusions):
                continue
            stat = os.stat(path)
            found[file_uri] = SourceFile(file_uri, path, int(stat.st_mtime * 1000), stat.st_size)
    return [found[k] for k in sorted(found)]
