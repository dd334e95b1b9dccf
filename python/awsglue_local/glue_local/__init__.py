# SPDX-License-Identifier: Apache-2.0
"""Helpers of the local awsglue package (not part of the AWS Glue API)."""
