# SPDX-License-Identifier: Apache-2.0
"""Error records: what a reader could not parse or a Filter/Map function failed on. A frame keeps
the errors of the step that made it (stageErrorsCount) and those of its lineage (errorsCount)."""

import json
import traceback

from pyspark.sql import types as T

ERROR_SCHEMA = T.StructType(
    [
        T.StructField(
            "error",
            T.StructType(
                [
                    T.StructField("callsite", T.StringType()),
                    T.StructField("msg", T.StringType()),
                    T.StructField("stackTrace", T.StringType()),
                    T.StructField("input", T.StringType()),
                    T.StructField("bytesread", T.LongType()),
                    T.StructField("source", T.StringType()),
                    T.StructField("dynamicRecord", T.StringType()),
                ]
            ),
        )
    ]
)


class ErrorThresholdExceeded(Exception):
    """Raised when a step's error count passes its stageThreshold or totalThreshold."""


def error_row(callsite, msg, input_text="", source="", record=None, exc=None):
    """One error as a row of ERROR_SCHEMA."""
    stack = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)) if exc else ""
    dynamic = json.dumps(record, default=str) if record is not None else None
    text = input_text if input_text is not None else ""
    return ((callsite, msg, stack, text, len(text.encode("utf-8")), source, dynamic),)


class ErrorLog(object):
    """The errors of one step: an RDD of ERROR_SCHEMA rows, counted once on demand."""

    def __init__(self, rdd=None):
        self.rdd = rdd
        self._count = None

    def count(self):
        if self._count is None:
            self._count = 0 if self.rdd is None else self.rdd.count()
        return self._count


def check_thresholds(stage_count, total_count, stage_threshold, total_threshold, callsite):
    if stage_threshold and stage_count > stage_threshold:
        raise ErrorThresholdExceeded(
            "Exceeded the stage error threshold (%d errors > stageThreshold %d) at %s"
            % (stage_count, stage_threshold, callsite or "this step")
        )
    if total_threshold and total_count > total_threshold:
        raise ErrorThresholdExceeded(
            "Exceeded the total error threshold (%d errors > totalThreshold %d) at %s"
            % (total_count, total_threshold, callsite or "this step")
        )
