# SPDX-License-Identifier: Apache-2.0
"""awsglue.streaming_data_source: not offered in local sessions (docs/awsglue.md)."""

from glue_local.not_offered import module_getattr

__getattr__ = module_getattr("awsglue.streaming_data_source", {"StreamingDataSource"})
