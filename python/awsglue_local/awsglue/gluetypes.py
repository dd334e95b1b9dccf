# SPDX-License-Identifier: Apache-2.0
"""Glue's own type system, as returned by DynamicFrame.schema() (docs/awsglue.md, "gluetypes").

Written from the published API description: type names, JSON form and merge rules are the
documented facts; a ChoiceType holds the alternatives a field took across records.
"""

import json


class DataType(object):
    def __init__(self, properties=None):
        self.properties = dict(properties or {})

    @classmethod
    def typeName(cls):
        return cls.__name__[: -len("Type")].lower()

    def jsonValue(self):
        return {"dataType": self.typeName(), "properties": self.properties}

    def json(self):
        return json.dumps(self.jsonValue(), sort_keys=True)

    def __eq__(self, other):
        return type(self) is type(other) and self.jsonValue() == other.jsonValue()

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self.json())

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, self.properties or "")


class AtomicType(DataType):
    pass


class BinaryType(AtomicType):
    pass


class BooleanType(AtomicType):
    pass


class ByteType(AtomicType):
    pass


class DateType(AtomicType):
    pass


class DoubleType(AtomicType):
    pass


class FloatType(AtomicType):
    pass


class IntegerType(AtomicType):
    @classmethod
    def typeName(cls):
        return "int"


class LongType(AtomicType):
    pass


class NullType(AtomicType):
    pass


class ShortType(AtomicType):
    pass


class StringType(AtomicType):
    pass


class TimestampType(AtomicType):
    pass


class TimestampNTZType(AtomicType):
    pass


class UnknownType(AtomicType):
    pass


class DecimalType(AtomicType):
    def __init__(self, precision=10, scale=2, properties=None):
        super(DecimalType, self).__init__(properties)
        self.precision = precision
        self.scale = scale

    def jsonValue(self):
        value = super(DecimalType, self).jsonValue()
        value.update(precision=self.precision, scale=self.scale)
        return value

    def __repr__(self):
        return "DecimalType(%d,%d)" % (self.precision, self.scale)


class EnumType(DataType):
    def __init__(self, options, properties=None):
        super(EnumType, self).__init__(properties)
        self.options = list(options)

    def jsonValue(self):
        value = super(EnumType, self).jsonValue()
        value["options"] = self.options
        return value


class ArrayType(DataType):
    def __init__(self, elementType=None, properties=None):
        super(ArrayType, self).__init__(properties)
        self.elementType = elementType if elementType is not None else UnknownType()

    def jsonValue(self):
        value = super(ArrayType, self).jsonValue()
        value["elementType"] = self.elementType.jsonValue()
        return value

    def __repr__(self):
        return "ArrayType(%r)" % (self.elementType,)


class SetType(ArrayType):
    pass


class MapType(DataType):
    def __init__(self, valueType=None, properties=None):
        super(MapType, self).__init__(properties)
        self.valueType = valueType if valueType is not None else UnknownType()

    def jsonValue(self):
        value = super(MapType, self).jsonValue()
        value["valueType"] = self.valueType.jsonValue()
        return value

    def __repr__(self):
        return "MapType(%r)" % (self.valueType,)


class Field(object):
    def __init__(self, name, dataType, properties=None):
        self.name = name
        self.dataType = dataType
        self.properties = dict(properties or {})

    def jsonValue(self):
        return {
            "name": self.name,
            "container": self.dataType.jsonValue(),
            "properties": self.properties,
        }

    def __eq__(self, other):
        return isinstance(other, Field) and (self.name, self.dataType) == (
            other.name,
            other.dataType,
        )

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self.name, self.dataType.json()))

    def __repr__(self):
        return "Field(%s, %r)" % (self.name, self.dataType)


class StructType(DataType):
    def __init__(self, fields=None, properties=None):
        super(StructType, self).__init__(properties)
        self.fields = []
        self.field_map = {}
        for field in fields or []:
            self.add(field)

    def add(self, field):
        if not isinstance(field, Field):
            raise TypeError("StructType.add expects a Field, got %s" % type(field).__name__)
        if field.name in self.field_map:
            self.fields = [f for f in self.fields if f.name != field.name]
        self.fields.append(field)
        self.field_map[field.name] = field
        return self

    def hasField(self, field):
        name = field.name if isinstance(field, Field) else field
        return name in self.field_map

    def getField(self, field):
        name = field.name if isinstance(field, Field) else field
        return self.field_map[name]

    def __iter__(self):
        return iter(self.fields)

    def __len__(self):
        return len(self.fields)

    def jsonValue(self):
        value = super(StructType, self).jsonValue()
        value["fields"] = [f.jsonValue() for f in self.fields]
        return value

    def __repr__(self):
        return "StructType([%s])" % ", ".join(repr(f) for f in self.fields)


class ChoiceType(DataType):
    """The alternatives one field took across records; choices are keyed by type name."""

    def __init__(self, choices=None, properties=None):
        super(ChoiceType, self).__init__(properties)
        self.choices = {}
        for choice in choices or []:
            self.add(choice)

    def add(self, new_choice):
        name = new_choice.typeName()
        if name in self.choices:
            raise ValueError("Type %s already exists in choice" % name)
        self.choices[name] = new_choice
        return self

    def merge(self, new_choices):
        items = new_choices.choices.values() if isinstance(new_choices, ChoiceType) else new_choices
        for choice in items:
            name = choice.typeName()
            if name in self.choices:
                self.choices[name] = mergeDataTypes(self.choices[name], choice)
            else:
                self.choices[name] = choice
        return self

    def jsonValue(self):
        value = super(ChoiceType, self).jsonValue()
        value["choices"] = [c.jsonValue() for c in self.choices.values()]
        return value

    def __repr__(self):
        return "ChoiceType([%s])" % ", ".join(repr(c) for c in self.choices.values())


class EntityType(DataType):
    def __init__(self, entity, base_type, properties=None):
        raise NotImplementedError(
            "EntityType is not available in local sessions; it works on AWS Glue."
        )


class DynamicRecord(dict):
    """A record as Filter and Map see it: a dict whose keys also read and write as attributes."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)

    def __setattr__(self, name, value):
        self[name] = value

    def __delattr__(self, name):
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name)


def _atomic_names():
    return {
        cls.typeName(): cls
        for cls in (
            BinaryType,
            BooleanType,
            ByteType,
            DateType,
            DoubleType,
            FloatType,
            IntegerType,
            LongType,
            NullType,
            ShortType,
            StringType,
            TimestampType,
            TimestampNTZType,
            UnknownType,
        )
    }


def fromJsonValue(value):
    """Rebuild a DataType from its jsonValue() form."""
    name = value["dataType"]
    props = value.get("properties", {})
    if name == "struct":
        return StructType(
            [Field(f["name"], fromJsonValue(f["container"]), f.get("properties")) for f in value["fields"]],
            props,
        )
    if name == "array":
        return ArrayType(fromJsonValue(value["elementType"]), props)
    if name == "set":
        return SetType(fromJsonValue(value["elementType"]), props)
    if name == "map":
        return MapType(fromJsonValue(value["valueType"]), props)
    if name == "choice":
        return ChoiceType([fromJsonValue(c) for c in value["choices"]], props)
    if name == "decimal":
        return DecimalType(value.get("precision", 10), value.get("scale", 2), props)
    if name == "enum":
        return EnumType(value.get("options", []), props)
    atomic = _atomic_names().get(name)
    if atomic is None:
        raise ValueError("Unknown Glue data type %r" % name)
    return atomic(props)


for _cls in (DataType, StructType, ArrayType, MapType, ChoiceType, DecimalType, EnumType, Field):
    _cls.fromJsonValue = staticmethod(fromJsonValue)


def mergeDataTypes(a, b):
    """Unknown or null yields the other type; equal types stay; structs merge field-wise (fields of
    `a` in order, then the new fields of `b`); arrays and maps merge their element types; other
    differences become a ChoiceType."""
    if isinstance(a, (UnknownType, NullType)):
        return b
    if isinstance(b, (UnknownType, NullType)):
        return a
    if isinstance(a, ChoiceType) or isinstance(b, ChoiceType):
        merged = ChoiceType()
        for side in (a, b):
            merged.merge(side if isinstance(side, ChoiceType) else [side])
        return merged
    if type(a) is not type(b):
        return ChoiceType([a, b])
    if isinstance(a, StructType):
        fields = []
        for field in a.fields:
            if b.hasField(field.name):
                other = b.getField(field.name)
                fields.append(Field(field.name, mergeDataTypes(field.dataType, other.dataType), field.properties))
            else:
                fields.append(field)
        fields.extend(f for f in b.fields if not a.hasField(f.name))
        return StructType(fields, a.properties)
    if isinstance(a, ArrayType):
        return type(a)(mergeDataTypes(a.elementType, b.elementType), a.properties)
    if isinstance(a, MapType):
        return MapType(mergeDataTypes(a.valueType, b.valueType), a.properties)
    if isinstance(a, DecimalType) and (a.precision, a.scale) != (b.precision, b.scale):
        return DecimalType(max(a.precision, b.precision), max(a.scale, b.scale), a.properties)
    return a
