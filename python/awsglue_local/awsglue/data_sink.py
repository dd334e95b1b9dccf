# SPDX-License-Identifier: Apache-2.0
"""awsglue.data_sink: not offered in local sessions (docs/awsglue.md)."""

from glue_local.not_offered import module_getattr

__getattr__ = module_getattr("awsglue.data_sink", {"DataSink"})
