# SPDX-License-Identifier: Apache-2.0
"""ApplyMapping on a Spark DataFrame (same mapping rules as the DynamicFrame transform)."""

from glue_local.field_ops import apply_mapping


class ApplyMapping(object):
    @classmethod
    def apply(cls, frame, mappings, case_sensitive=False):
        return apply_mapping(frame, mappings, case_sensitive)
