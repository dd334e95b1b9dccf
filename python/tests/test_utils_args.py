# SPDX-License-Identifier: Apache-2.0
"""getResolvedOptions: the documented parsing rules, defaults, reserved names and errors."""

import pytest

from awsglue.utils import GlueArgumentError, getResolvedOptions


def test_resolves_requested_options_and_always_defined_keys():
    args = getResolvedOptions(["x", "--JOB_NAME", "j", "--my-key", "v", "--extra", "z"], ["JOB_NAME", "my-key"])
    assert args["JOB_NAME"] == "j"
    assert args["my_key"] == "v"
    assert args["job_bookmark_option"] == "job-bookmark-disable"
    for key in ("job_bookmark_from", "job_bookmark_to", "JOB_ID", "JOB_RUN_ID", "SECURITY_CONFIGURATION",
                "encryption_type", "enable_data_lineage", "TempDir", "RedshiftTempDir"):
        assert args[key] is None
    assert "continuation_option" not in args


def test_documented_day_partition_example_and_equals_form():
    args = getResolvedOptions(["script", "--day_partition_key=partition_0", "--JOB_NAME", "j"],
                              ["JOB_NAME", "day_partition_key"])
    assert args["day_partition_key"] == "partition_0"


def test_missing_option_raises_glue_argument_error():
    with pytest.raises(GlueArgumentError, match="the following arguments are required: --JOB_NAME"):
        getResolvedOptions(["glue-session", "--enable-glue-datacatalog", "true"], ["JOB_NAME"])


def test_session_default_arguments_give_bookmark_option():
    argv = ["glue-session", "--enable-glue-datacatalog", "true", "--job-bookmark-option", "job-bookmark-enable",
            "--JOB_NAME", "nightly"]
    args = getResolvedOptions(argv, ["JOB_NAME"])
    assert args["job_bookmark_option"] == "job-bookmark-enable"


def test_legacy_continuation_option_maps_to_bookmark_option():
    args = getResolvedOptions(["x", "--continuation-option", "continuation-readonly"], [])
    assert args["job_bookmark_option"] == "job-bookmark-pause"


def test_temp_dirs_are_never_required_and_mirror_each_other():
    args = getResolvedOptions(["x", "--TempDir", "s3://b/tmp/"], ["TempDir", "RedshiftTempDir"])
    assert args["RedshiftTempDir"] == "s3://b/tmp/"
    assert getResolvedOptions(["x"], ["TempDir"])["TempDir"] is None


def test_reserved_names():
    with pytest.raises(RuntimeError, match="Using reserved arguments job-bookmark-option"):
        getResolvedOptions(["x"], ["job-bookmark-option"])
    with pytest.raises(RuntimeError, match="Using reserved arguments --job-bookmark-from"):
        getResolvedOptions(["x"], ["job-bookmark-from"])
    import argparse

    with pytest.raises(argparse.ArgumentError):
        getResolvedOptions(["x"], ["JOB_ID"])


def test_bookmark_range_checks():
    with pytest.raises(RuntimeError, match="Missing option or value for --job-bookmark-to"):
        getResolvedOptions(["x", "--job-bookmark-option", "job-bookmark-pause", "--job-bookmark-from", "r1"], [])
    with pytest.raises(RuntimeError, match=r"Invalid option\(s\)--job-bookmark-from --job-bookmark-to"):
        getResolvedOptions(["x", "--job-bookmark-from", "r1", "--job-bookmark-to", "r2"], [])


def test_abbreviated_option_resolves_as_argparse_does():
    assert getResolvedOptions(["x", "--JOB_N", "j"], ["JOB_NAME"])["JOB_NAME"] == "j"
