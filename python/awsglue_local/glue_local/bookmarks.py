# SPDX-License-Identifier: Apache-2.0
"""Job bookmarks for S3 sources: per job, one state element per transformation_ctx holding the
files already processed with their last-modified times; a later run reads only files that are
new or changed. Kept in $GLUE_KERNEL_STATE_DIR/bookmarks/<job name>.json (written atomically:
temporary file, fsync, rename). The file format is described in docs/awsglue.md."""

import json
import os
import tempfile
import time

from glue_local import s3_paths

FORMAT_VERSION = 1
ENABLE, PAUSE, DISABLE = "job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"


class BookmarkStateError(RuntimeError):
    pass


def bookmark_file(job_name):
    if not job_name or any(ch in job_name for ch in "/\\\0") or job_name in (".", ".."):
        raise ValueError("Job name %r cannot name a bookmark file; use letters, digits, '-' or '_'" % (job_name,))
    return os.path.join(s3_paths.state_dir(), "bookmarks", job_name + ".json")


def empty_state(job_name):
    return {"formatVersion": FORMAT_VERSION, "jobName": job_name, "version": 0, "run": 0, "attempt": 0, "states": {}}


def load_state(path, job_name):
    if not os.path.exists(path):
        return empty_state(job_name)
    try:
        with open(path, "r", encoding="utf-8") as handle:
            data = json.load(handle)
    except ValueError as exc:
        raise BookmarkStateError("The job bookmark file %s is not valid JSON (%s); it was left as it is" % (path, exc))
    if not isinstance(data, dict) or not isinstance(data.get("states"), dict):
        raise BookmarkStateError("The job bookmark file %s is not a bookmark state; it was left as it is" % path)
    if int(data.get("formatVersion", 0)) > FORMAT_VERSION:
        raise BookmarkStateError(
            "The job bookmark file %s has format version %s, newer than this awsglue understands (%d); "
            "it was left as it is" % (path, data.get("formatVersion"), FORMAT_VERSION)
        )
    return data


def write_atomically(path, data):
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".bookmark-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


class JobBookmarks(object):
    """The bookmark state of one job run."""

    def __init__(self, job_name, option=DISABLE):
        if option not in (ENABLE, PAUSE, DISABLE):
            raise ValueError("--job-bookmark-option must be one of %s, %s, %s; got %r" % (ENABLE, PAUSE, DISABLE, option))
        self.job_name = job_name
        self.option = option
        self.path = bookmark_file(job_name)
        self.state = load_state(self.path, job_name) if option != DISABLE else empty_state(job_name)
        self.pending = {}

    @property
    def active(self):
        return self.option in (ENABLE, PAUSE)

    def filter_files(self, transformation_ctx, files):
        """The files this source has not processed yet (new, or modified since)."""
        if not self.active or not transformation_ctx:
            return files
        seen = self.state["states"].get(transformation_ctx, {}).get("files", {})
        fresh = [f for f in files if seen.get(f.uri) != f.mtime_ms]
        if self.option == ENABLE:
            self.pending.setdefault(transformation_ctx, {}).update((f.uri, f.mtime_ms) for f in fresh)
        return fresh

    def commit(self):
        """Save what this run read (enable only), atomically; the run and version numbers move on."""
        if self.option != ENABLE:
            return False
        current = load_state(self.path, self.job_name)
        for ctx, files in self.pending.items():
            element = current["states"].setdefault(ctx, {"files": {}})
            element.setdefault("files", {}).update(files)
            element["updatedAt"] = int(time.time() * 1000)
        current["run"] = int(current.get("run", 0)) + 1
        current["version"] = int(current.get("version", 0)) + 1
        current["attempt"] = 0
        write_atomically(self.path, current)
        self.state = current
        self.pending = {}
        return True
