# SPDX-License-Identifier: Apache-2.0
"""Documented awsglue names that local sessions do not offer raise NotImplementedError with one
clear line, instead of an AttributeError deep inside the library (docs/awsglue.md lists them)."""


def not_offered(name, why=""):
    message = "%s is not available in local sessions (glue-kernel local); it works on AWS Glue." % name
    if why:
        message += " " + why
    return NotImplementedError(message)


def module_getattr(module_name, names):
    """A module-level __getattr__ raising NotImplementedError for the documented names."""

    def __getattr__(name):
        if name in names:
            raise not_offered("%s.%s" % (module_name, name))
        raise AttributeError("module %r has no attribute %r" % (module_name, name))

    return __getattr__


class NotOfferedMembers(object):
    """Mixin: reading a documented member that is not offered raises NotImplementedError."""

    _not_offered = frozenset()

    def __getattr__(self, name):
        if name in type(self)._not_offered:
            raise not_offered("%s.%s" % (type(self).__name__, name))
        raise AttributeError("%r object has no attribute %r" % (type(self).__name__, name))
