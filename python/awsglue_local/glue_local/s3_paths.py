# SPDX-License-Identifier: Apache-2.0
"""Where an s3:// (or s3a://, s3n://) URI lives on this machine.

The local endpoint keeps its object store at $GLUE_KERNEL_S3_ROOT/<bucket>/<key> (a bucket is a
folder, made on first write); $GLUE_KERNEL_S3_BUCKETS (JSON {bucket: absolute folder}) maps a
bucket to an existing folder instead. Without the variables (e.g. plain pytest), the endpoint's
default state directory is used. See docs/local-s3.md.
"""

import json
import os
import re

SCHEMES = ("s3", "s3a", "s3n")
_URI = re.compile(r"^(s3|s3a|s3n)://([^/]*)(?:/(.*))?$", re.IGNORECASE)
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$")


class S3PathError(ValueError):
    pass


def is_s3_uri(path):
    return isinstance(path, str) and _URI.match(path) is not None


def split_uri(uri):
    """(bucket, key) of an s3 URI; the key may be '' (the bucket itself)."""
    match = _URI.match(uri)
    if not match:
        raise S3PathError("Not an s3 URI: %r (expected s3://bucket/key)" % (uri,))
    bucket, key = match.group(2), match.group(3) or ""
    check_bucket(bucket, uri)
    return bucket, key


def check_bucket(bucket, uri=None):
    if not _BUCKET.match(bucket or "") or ".." in bucket:
        raise S3PathError(
            "Invalid bucket name %r in %r: use 3-63 lowercase letters, digits, dots or hyphens"
            % (bucket, uri or bucket)
        )


def state_dir():
    explicit = os.environ.get("GLUE_KERNEL_STATE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(base, "glue-kernel")


def s3_root():
    return os.environ.get("GLUE_KERNEL_S3_ROOT") or os.path.join(state_dir(), "s3")


def mapped_buckets():
    """{bucket: absolute folder} from $GLUE_KERNEL_S3_BUCKETS (a bad value is a clear error)."""
    raw = os.environ.get("GLUE_KERNEL_S3_BUCKETS")
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise S3PathError("GLUE_KERNEL_S3_BUCKETS is not valid JSON (%s); expected {\"bucket\": \"/folder\"}" % exc)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise S3PathError("GLUE_KERNEL_S3_BUCKETS must be a JSON object {\"bucket\": \"/folder\"}")
    return dict((k, os.path.abspath(v)) for k, v in value.items())


def bucket_folder(bucket):
    check_bucket(bucket)
    mapped = mapped_buckets()
    if bucket in mapped:
        return mapped[bucket]
    return os.path.join(os.path.abspath(s3_root()), bucket)


def known_buckets():
    """{bucket: folder} of the mapped buckets and of every bucket folder already in the store."""
    out = {}
    root = s3_root()
    if os.path.isdir(root):
        for name in sorted(os.listdir(root)):
            if _BUCKET.match(name) and os.path.isdir(os.path.join(root, name)):
                out[name] = os.path.join(os.path.abspath(root), name)
    out.update(mapped_buckets())
    return out


def local_path(uri):
    """The local file path of an s3 URI; a key cannot climb out of its bucket's folder."""
    bucket, key = split_uri(uri)
    folder = bucket_folder(bucket)
    parts = [p for p in key.split("/") if p]
    if any(p in (".", "..") for p in parts):
        raise S3PathError("The key of %r has '.' or '..' segments, which S3 keys used as paths cannot have" % uri)
    path = os.path.join(folder, *parts) if parts else folder
    if key.endswith("/") and parts:
        path += os.sep
    return path


def to_uri(bucket, local_file):
    """The s3:// URI of a file inside a bucket's folder."""
    folder = bucket_folder(bucket)
    rel = os.path.relpath(local_file, folder).replace(os.sep, "/")
    return "s3://%s/%s" % (bucket, rel)


def ensure_bucket_folder(bucket):
    folder = bucket_folder(bucket)
    os.makedirs(folder, exist_ok=True)
    return folder
