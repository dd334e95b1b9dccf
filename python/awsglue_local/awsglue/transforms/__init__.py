# SPDX-License-Identifier: Apache-2.0
"""awsglue.transforms: every documented transform class, get_transforms, get_transform and
describe_transform. FillMissingValues, FindMatches and FindIncrementalMatches run only on the
AWS Glue service and raise NotImplementedError here."""

import json

from awsglue.transforms.collection_transforms import FlatMap, MapToCollection, SelectFromCollection
from awsglue.transforms.frame_transforms import (
    ApplyMapping,
    Coalesce,
    DropFields,
    DropNullFields,
    ErrorsAsDynamicFrame,
    Filter,
    Join,
    Map,
    Relationalize,
    Repartition,
    RenameField,
    ResolveChoice,
    SelectFields,
    Spigot,
    SplitFields,
    SplitRows,
    Unbox,
    Union,
    UnnestFrame,
)
from awsglue.transforms.transform import GlueTransform
from glue_local.not_offered import module_getattr

_TRANSFORMS = (
    ApplyMapping, Coalesce, DropFields, DropNullFields, ErrorsAsDynamicFrame, Filter, FlatMap, Join, Map,
    MapToCollection, Relationalize, RenameField, Repartition, ResolveChoice, SelectFields, SelectFromCollection,
    Spigot, SplitFields, SplitRows, Unbox, Union, UnnestFrame,
)

__all__ = [cls.__name__ for cls in _TRANSFORMS] + ["GlueTransform", "get_transforms", "get_transform", "describe_transform"]


def get_transforms():
    return set(cls() for cls in _TRANSFORMS)


def get_transform(name):
    for cls in _TRANSFORMS:
        if cls.__name__.lower() == str(name).lower():
            return cls()
    return None


def describe_transform(name):
    transform = get_transform(name)
    if transform is None:
        raise ValueError("No transform named %r; get_transforms() lists them" % (name,))
    return json.dumps(transform.describe(), indent=2)


__getattr__ = module_getattr("awsglue.transforms", {"FillMissingValues", "FindMatches", "FindIncrementalMatches"})
