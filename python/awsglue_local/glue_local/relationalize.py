# SPDX-License-Identifier: Apache-2.0
"""Unnest (structs flattened to dotted column names) and Relationalize (structs flattened, every
array pivoted into its own table keyed by id and index), as docs/awsglue.md describes them."""

from pyspark.sql import Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from glue_local.field_paths import sql_name
from glue_local.glue_schema import is_choice_struct

ROW_ID = "__glue_row_id"


def flat_columns(schema, prefix="", sql_prefix=""):
    """(dotted name, SQL, type) of every leaf once structs are flattened (arrays, maps and choice
    fields are leaves)."""
    out = []
    for field in schema.fields:
        name = prefix + field.name
        sql = sql_prefix + sql_name(field.name)
        dt = field.dataType
        if isinstance(dt, T.StructType) and not is_choice_struct(dt) and dt.fields:
            out.extend(flat_columns(dt, name + ".", sql + "."))
        else:
            out.append((name, sql, dt))
    return out


def unnest(df):
    return df.select(*[F.expr(sql).alias(name) for name, sql, _ in flat_columns(df.schema)])


def relationalize(df, root_name):
    """An ordered dict-like list [(table name, DataFrame)]: the root table first, then one table
    per array, named `<root>_<column>`."""
    tables = []
    _pivot(df, root_name, root_name, tables)
    return tables


def _pivot(df, table_name, root_name, tables):
    flat = unnest(df)
    arrays = [f.name for f in flat.schema.fields if isinstance(f.dataType, T.ArrayType)]
    if not arrays:
        tables.append((table_name, flat))
        return
    order = F.monotonically_increasing_id()
    with_id = flat.withColumn(ROW_ID, F.row_number().over(Window.orderBy(order)).cast("long")).cache()
    root_cols = []
    for field in flat.schema.fields:
        column = F.col(sql_name(field.name))
        if field.name in arrays:
            column = F.when(column.isNotNull(), F.col(ROW_ID))
        root_cols.append(column.alias(field.name))
    tables.append((table_name, with_id.select(*root_cols)))
    for array in arrays:
        child = with_id.select(
            F.col(ROW_ID).alias("id"),
            F.posexplode(F.col(sql_name(array))).alias("index", "val"),
        ).select("id", "index", F.col("val").alias(array + ".val"))
        _pivot(child, "%s_%s" % (root_name, array), root_name, tables)
