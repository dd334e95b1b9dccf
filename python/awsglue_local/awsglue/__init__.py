# SPDX-License-Identifier: Apache-2.0
"""awsglue for local glue-kernel sessions: an Apache-2.0 implementation of the AWS Glue PySpark
library's documented API on plain PySpark (docs/awsglue.md lists what is offered)."""

__all__ = ["DynamicFrame"]


def __getattr__(name):
    # Imported on first use, so that awsglue.gluetypes loads without the DataFrame machinery.
    if name == "DynamicFrame":
        from awsglue.dynamicframe import DynamicFrame

        return DynamicFrame
    raise AttributeError("module 'awsglue' has no attribute %r" % name)
