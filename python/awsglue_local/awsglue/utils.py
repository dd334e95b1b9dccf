# SPDX-License-Identifier: Apache-2.0
"""awsglue.utils: getResolvedOptions reads job arguments (`--NAME value`) from sys.argv, with the
documented defaults, reserved names and errors (docs/awsglue.md)."""

import argparse
import inspect

from glue_local.not_offered import module_getattr

_BOOKMARK_CHOICES = ["job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"]
_CONTINUATION_TO_BOOKMARK = {
    "continuation-enabled": "job-bookmark-enable",
    "continuation-readonly": "job-bookmark-pause",
    "continuation-ignore": "job-bookmark-disable",
}
_TEMP_DIRS = ("TempDir", "RedshiftTempDir")


class GlueArgumentError(Exception):
    pass


class GlueArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that raises GlueArgumentError instead of exiting."""

    def error(self, msg):
        raise GlueArgumentError(msg)


def _base_parser(allow_abbrev):
    parser = GlueArgumentParser(prog="glue-job", allow_abbrev=allow_abbrev)
    parser.add_argument("--job-bookmark-option", choices=_BOOKMARK_CHOICES, required=False)
    parser.add_argument("--continuation-option", choices=sorted(_CONTINUATION_TO_BOOKMARK), required=False)
    parser.add_argument("--job-bookmark-from", required=False)
    parser.add_argument("--job-bookmark-to", required=False)
    for name in ("JOB_ID", "JOB_RUN_ID", "SECURITY_CONFIGURATION"):
        parser.add_argument("--" + name, required=False)
    parser.add_argument("--encryption-type", choices=["sse-s3"], required=False)
    parser.add_argument("--enable-data-lineage", required=False)
    parser.add_argument("--TempDir", required=False)
    parser.add_argument("--RedshiftTempDir", required=False)
    return parser


def getResolvedOptions(args, options, allow_abbrev=True):
    """{name: value} for each requested option (plus the always-defined keys); a missing
    requested option raises GlueArgumentError."""
    parser = _base_parser(allow_abbrev)
    for option in options:
        if option in ("job-bookmark-option", "continuation-option"):
            raise RuntimeError("Using reserved arguments " + option)
        if option in ("job-bookmark-from", "job-bookmark-to"):
            raise RuntimeError("Using reserved arguments --" + option)
        if option in _TEMP_DIRS:
            continue
        parser.add_argument("--" + option, required=True)
    parsed, _unknown = parser.parse_known_args(list(args[1:]))
    values = vars(parsed)
    continuation = values.pop("continuation_option", None)
    if values.get("job_bookmark_option") is None:
        values["job_bookmark_option"] = _CONTINUATION_TO_BOOKMARK.get(continuation, "job-bookmark-disable")
    has_from, has_to = values.get("job_bookmark_from") is not None, values.get("job_bookmark_to") is not None
    if values["job_bookmark_option"] == "job-bookmark-pause":
        if has_from and not has_to:
            raise RuntimeError("Missing option or value for --job-bookmark-to")
        if has_to and not has_from:
            raise RuntimeError("Missing option or value for --job-bookmark-from")
    elif has_from and has_to:
        raise RuntimeError("Invalid option(s)--job-bookmark-from --job-bookmark-to")
    if values.get("TempDir") is None and values.get("RedshiftTempDir") is not None:
        values["TempDir"] = values["RedshiftTempDir"]
    elif values.get("RedshiftTempDir") is None and values.get("TempDir") is not None:
        values["RedshiftTempDir"] = values["TempDir"]
    _resolved.clear()
    _resolved.update(values)
    return values


_resolved = {}


def callsite():
    """file:line of the caller's caller, as Glue tags error records."""
    frame = inspect.stack()[2] if len(inspect.stack()) > 2 else inspect.stack()[-1]
    return "%s:%d" % (frame.filename, frame.lineno)


__getattr__ = module_getattr("awsglue.utils", {"makeOptions"})
