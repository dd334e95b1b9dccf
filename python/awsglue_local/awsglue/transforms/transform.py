# SPDX-License-Identifier: Apache-2.0
"""GlueTransform: the base of every transform class (apply, name, describe)."""


class GlueTransform(object):
    description = ""
    args = ()  # (name, type, description, optional)
    returns = "DynamicFrame"
    raises = ()

    @classmethod
    def apply(cls, *args, **kwargs):
        return cls()(*args, **kwargs)

    @classmethod
    def name(cls):
        return cls.__name__

    @classmethod
    def describeArgs(cls):
        if not cls.args:
            raise NotImplementedError("%s does not describe its arguments" % cls.__name__)
        return [{"name": n, "type": t, "description": d, "optional": o, "defaultValue": None} for n, t, d, o in cls.args]

    @classmethod
    def describeReturn(cls):
        return {"type": cls.returns, "description": "The transformed %s" % cls.returns}

    @classmethod
    def describeTransform(cls):
        if not cls.description:
            raise NotImplementedError("%s does not describe itself" % cls.__name__)
        return cls.description

    @classmethod
    def describeErrors(cls):
        return list(cls.raises)

    @classmethod
    def describe(cls):
        return {
            "transform": {
                "name": cls.name(),
                "args": cls.describeArgs(),
                "returns": cls.describeReturn(),
                "description": cls.describeTransform(),
                "raises": cls.describeErrors(),
                "location": "internal",
            }
        }


FRAME = ("frame", "DynamicFrame", "The DynamicFrame to transform", False)
CTX = ("transformation_ctx", "String", "Identifier of this step (job bookmark state key)", True)
INFO = ("info", "String", "Text attached to error records of this step", True)
STAGE = ("stageThreshold", "Integer", "Errors of this step at which processing fails (0: never)", True)
TOTAL = ("totalThreshold", "Integer", "Errors so far at which processing fails (0: never)", True)
COMMON = (CTX, INFO, STAGE, TOTAL)
