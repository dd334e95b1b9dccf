# SPDX-License-Identifier: Apache-2.0
"""Job bookmarks: with job-bookmark-enable, a second run with the same transformation_ctx reads
only files that are new or changed since the last commit."""

import json
import os
import sys
import time
import uuid

import pytest

from conftest import put, records

from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from glue_local.s3_paths import local_path


def run(glue_context, job_name, uri, args):
    job = Job(glue_context)
    job.init(job_name, args)
    frame = glue_context.create_dynamic_frame.from_options(
        "s3", {"paths": [uri]}, format="json", transformation_ctx="source_events")
    ids = sorted(r["id"] for r in records(frame)) if frame.toDF().columns else []
    job.commit()
    return ids


def test_second_run_reads_only_new_or_changed_files(glue_context, bucket, state_dir, monkeypatch):
    job_name = "job-%s" % uuid.uuid4().hex[:8]
    monkeypatch.setattr(sys, "argv", ["glue-session", "--JOB_NAME", job_name, "--job-bookmark-option", "job-bookmark-enable"])
    args = getResolvedOptions(sys.argv, ["JOB_NAME"])
    uri = "s3://%s/events/" % bucket
    put(uri + "a.json", '{"id": 1}\n')
    put(uri + "b.json", '{"id": 2}\n')
    assert run(glue_context, args["JOB_NAME"], uri, args) == [1, 2]
    state_file = state_dir / "bookmarks" / (job_name + ".json")
    state = json.loads(state_file.read_text())
    assert state["run"] == 1 and sorted(state["states"]["source_events"]["files"]) == [uri + "a.json", uri + "b.json"]

    put(uri + "c.json", '{"id": 3}\n')
    assert run(glue_context, job_name, uri, args) == [3]
    assert run(glue_context, job_name, uri, args) == []

    path = put(uri + "a.json", '{"id": 10}\n')
    later = time.time() + 5
    os.utime(path, (later, later))
    assert run(glue_context, job_name, uri, args) == [10]
    assert json.loads(state_file.read_text())["run"] == 4


def test_pause_reads_new_files_without_saving_and_disable_reads_everything(glue_context, bucket):
    job_name = "job-%s" % uuid.uuid4().hex[:8]
    uri = "s3://%s/events/" % bucket
    put(uri + "a.json", '{"id": 1}\n')
    assert run(glue_context, job_name, uri, {"job_bookmark_option": "job-bookmark-enable"}) == [1]
    put(uri + "b.json", '{"id": 2}\n')
    assert run(glue_context, job_name, uri, {"job_bookmark_option": "job-bookmark-pause"}) == [2]
    assert run(glue_context, job_name, uri, {"job_bookmark_option": "job-bookmark-pause"}) == [2]
    assert run(glue_context, job_name, uri, {"job_bookmark_option": "job-bookmark-disable"}) == [1, 2]


def test_a_corrupt_bookmark_file_is_reported_and_left_alone(glue_context, state_dir):
    from glue_local.bookmarks import BookmarkStateError

    job_name = "job-%s" % uuid.uuid4().hex[:8]
    state_file = state_dir / "bookmarks" / (job_name + ".json")
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text("{not json")
    with pytest.raises(BookmarkStateError, match="not valid JSON"):
        Job(glue_context).init(job_name, {"job_bookmark_option": "job-bookmark-enable"})
    assert state_file.read_text() == "{not json"
    state_file.write_text(json.dumps({"formatVersion": 99, "states": {}}))
    with pytest.raises(BookmarkStateError, match="newer"):
        Job(glue_context).init(job_name, {"job_bookmark_option": "job-bookmark-enable"})


def test_job_accepts_a_spark_session_and_refuses_other_types(spark):
    assert not Job(spark).isInitialized()
    with pytest.raises(Exception, match="cannot init Job instance given input parameter type"):
        Job("nope")
