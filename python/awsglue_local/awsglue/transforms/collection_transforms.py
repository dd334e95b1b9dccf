# SPDX-License-Identifier: Apache-2.0
"""Transforms over a DynamicFrameCollection: SelectFromCollection, MapToCollection, FlatMap."""

from awsglue.transforms.transform import CTX, GlueTransform

DFC = ("dfc", "DynamicFrameCollection", "The collection", False)


class SelectFromCollection(GlueTransform):
    description = "The frame of a collection under a key."
    args = (DFC, ("key", "String", "Key of the frame", False), CTX)

    def __call__(self, dfc, key, transformation_ctx=""):
        return dfc.select(key, transformation_ctx)


class MapToCollection(GlueTransform):
    description = "Applies a function to every frame of a collection."
    returns = "DynamicFrameCollection"
    args = (DFC, ("callable", "Function", "f(frame, transformation_ctx) -> DynamicFrame", False), CTX)

    def __call__(self, dfc, callable, transformation_ctx=""):
        return dfc.map(callable, transformation_ctx)


class FlatMap(GlueTransform):
    description = "Applies a transform to every frame of a collection and gathers the results."
    returns = "DynamicFrameCollection"
    args = (DFC, ("BaseTransform", "GlueTransform", "Transform class to apply", False),
            ("frame_name", "String", "Argument name that receives each frame", False), CTX)

    def __call__(self, dfc, BaseTransform, frame_name, transformation_ctx="", **base_kwargs):
        def apply(frame, ctx):
            kwargs = dict(base_kwargs)
            kwargs[frame_name] = frame
            return BaseTransform.apply(transformation_ctx=ctx, **kwargs)

        return dfc.flatmap(apply, transformation_ctx)
