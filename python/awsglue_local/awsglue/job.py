# SPDX-License-Identifier: Apache-2.0
"""awsglue.job.Job: init and commit of a job run, with job bookmarks for S3 sources
(docs/awsglue.md, "Job bookmarks")."""

import sys

from glue_local.bookmarks import DISABLE, JobBookmarks


def _option_from_argv(argv):
    for i, arg in enumerate(argv):
        if arg == "--job-bookmark-option" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--job-bookmark-option="):
            return arg.split("=", 1)[1]
    return None


class Job(object):
    @classmethod
    def job_bookmark_options(cls):
        return ["--job-bookmark-option", "job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"]

    @classmethod
    def continuation_options(cls):
        return ["--continuation-option", "continuation-enabled", "continuation-readonly", "continuation-ignore"]

    @classmethod
    def job_bookmark_range_options(cls):
        return ["--job-bookmark-from", "--job-bookmark-to"]

    @classmethod
    def id_params(cls):
        return ["--JOB_NAME", "--JOB_ID", "--JOB_RUN_ID", "--SECURITY_CONFIGURATION"]

    @classmethod
    def encryption_type_options(cls):
        return ["--encryption-type", "sse-s3"]

    @classmethod
    def data_lineage_options(cls):
        return ["--enable-data-lineage"]

    def __init__(self, glue_context):
        from pyspark.sql import SparkSession

        from awsglue.context import GlueContext

        if isinstance(glue_context, SparkSession):
            glue_context = GlueContext(glue_context)
        if not isinstance(glue_context, GlueContext):
            raise Exception("cannot init Job instance given input parameter type: %s" % type(glue_context))
        self._glue_context = glue_context
        self._job_name = None
        self._bookmarks = None

    def init(self, job_name, args={}):
        option = (args or {}).get("job_bookmark_option") or _option_from_argv(sys.argv) or DISABLE
        if (args or {}).get("job_bookmark_from") or (args or {}).get("job_bookmark_to"):
            from glue_local.not_offered import not_offered

            raise not_offered("--job-bookmark-from/--job-bookmark-to", "Local bookmarks keep only the latest state.")
        self._job_name = job_name
        self._bookmarks = JobBookmarks(job_name, option)
        self._glue_context._bookmarks = self._bookmarks
        return self

    def isInitialized(self):
        return self._bookmarks is not None

    def commit(self):
        if self._bookmarks is None:
            raise RuntimeError("Job.commit() before Job.init(job_name, args): call job.init first")
        self._bookmarks.commit()
