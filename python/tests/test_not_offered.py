# SPDX-License-Identifier: Apache-2.0
"""Documented names that local sessions do not offer raise NotImplementedError saying so."""

import pytest

from conftest import frame_of

MESSAGE = "not available in local sessions"


def test_glue_context_members(glue_context):
    with pytest.raises(NotImplementedError, match="getStreamingSource is " + MESSAGE + ".*works on AWS Glue"):
        glue_context.getStreamingSource
    with pytest.raises(NotImplementedError, match="getSink connection_type 'dynamodb' is " + MESSAGE):
        glue_context.getSink("dynamodb").writeDataFrame(glue_context.spark_session.range(1), glue_context)
    with pytest.raises(NotImplementedError, match=MESSAGE):
        glue_context.extract_jdbc_conf("conn")
    with pytest.raises(AttributeError):
        glue_context.no_such_member


def test_connection_types_and_formats(glue_context, bucket):
    with pytest.raises(NotImplementedError, match="connection_type 'mysql' is " + MESSAGE):
        glue_context.create_dynamic_frame.from_options("mysql", {"url": "jdbc:mysql://h/db"})
    with pytest.raises(NotImplementedError, match="format 'avro' is " + MESSAGE):
        glue_context.create_dynamic_frame.from_options("s3", {"paths": ["s3://%s/x/" % bucket]}, format="avro")


def test_module_level_names():
    import awsglue.streaming_data_source
    import awsglue.transforms

    with pytest.raises(NotImplementedError, match="FindMatches is " + MESSAGE):
        from awsglue.transforms import FindMatches  # noqa: F401
    with pytest.raises(NotImplementedError, match=MESSAGE):
        awsglue.streaming_data_source.StreamingDataSource


def test_dynamic_frame_members(glue_context):
    frame = frame_of(glue_context, [{"a": 1}])
    with pytest.raises(NotImplementedError, match="unnest_ddb_json is " + MESSAGE):
        frame.unnest_ddb_json()
