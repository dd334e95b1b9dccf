# SPDX-License-Identifier: Apache-2.0
"""Creating a catalog table for what a sink writes (getSink(..., enableUpdateCatalog=True) with
setCatalogInfo): Hive type names from the frame's schema, SerDe and formats per data format."""

from pyspark.sql import types as T

from glue_local import catalog
from glue_local.catalog_tables import HIVE_CLASSES
from glue_local.glue_schema import is_choice_struct

_SERDE_PARAMETERS = {"csv": {"field.delim": ","}}

def hive_type(dt):
    if is_choice_struct(dt):
        return "string"
    if isinstance(dt, T.StructType):
        return "struct<%s>" % ",".join("%s:%s" % (f.name, hive_type(f.dataType)) for f in dt.fields)
    if isinstance(dt, T.ArrayType):
        return "array<%s>" % hive_type(dt.elementType)
    if isinstance(dt, T.MapType):
        return "map<%s,%s>" % (hive_type(dt.keyType), hive_type(dt.valueType))
    if isinstance(dt, T.NullType):
        return "string"
    return dt.simpleString()


def ensure_table(df, database, table_name, path, fmt, partition_keys, catalog_id=None):
    """The catalog table, created from the DataFrame's schema when it does not exist yet."""
    glue = catalog.client()
    try:
        return catalog.get_table(database, table_name, catalog_id)
    except glue.exceptions.EntityNotFoundException:
        pass
    serde, input_format, output_format = HIVE_CLASSES[fmt]
    serde_params = _SERDE_PARAMETERS.get(fmt, {})
    columns = [{"Name": f.name, "Type": hive_type(f.dataType)} for f in df.schema.fields if f.name not in partition_keys]
    keys = [{"Name": k, "Type": hive_type(df.schema[k].dataType)} for k in partition_keys]
    kwargs = {"CatalogId": catalog_id} if catalog_id else {}
    glue.create_table(DatabaseName=database, TableInput={
        "Name": table_name,
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {"classification": fmt},
        "PartitionKeys": keys,
        "StorageDescriptor": {
            "Columns": columns,
            "Location": path,
            "InputFormat": input_format,
            "OutputFormat": output_format,
            "SerdeInfo": {"SerializationLibrary": serde, "Parameters": dict(serde_params)},
        },
    }, **kwargs)
    return catalog.get_table(database, table_name, catalog_id)
