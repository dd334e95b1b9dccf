# SPDX-License-Identifier: Apache-2.0
"""The transforms of awsglue.transforms, each delegating to the DynamicFrame method of the same
meaning (semantics in docs/awsglue.md)."""

from awsglue.transforms.transform import COMMON, FRAME, GlueTransform


class ApplyMapping(GlueTransform):
    description = "Maps source fields to target fields and types; unmapped fields are dropped."
    args = (FRAME, ("mappings", "List", "(source path, source type, target path, target type) tuples", False),
            ("case_sensitive", "Boolean", "Match source paths case-sensitively", True)) + COMMON

    def __call__(self, frame, mappings, case_sensitive=False, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.apply_mapping(mappings, case_sensitive, transformation_ctx, info, stageThreshold, totalThreshold)


class SelectFields(GlueTransform):
    description = "Keeps only the given fields."
    args = (FRAME, ("paths", "List", "Paths of the fields to keep", False)) + COMMON

    def __call__(self, frame, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.select_fields(paths, transformation_ctx, info, stageThreshold, totalThreshold)


class DropFields(GlueTransform):
    description = "Drops the given fields (dotted paths reach nested fields)."
    args = (FRAME, ("paths", "List", "Paths of the fields to drop", False)) + COMMON

    def __call__(self, frame, paths, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.drop_fields(paths, transformation_ctx, info, stageThreshold, totalThreshold)


class RenameField(GlueTransform):
    description = "Renames a field."
    args = (FRAME, ("old_name", "String", "Full path of the field", False),
            ("new_name", "String", "New full path", False)) + COMMON

    def __call__(self, frame, old_name, new_name, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.rename_field(old_name, new_name, transformation_ctx, info, stageThreshold, totalThreshold)


class DropNullFields(GlueTransform):
    description = "Drops every field that is null or missing in all records."
    args = (FRAME,) + COMMON

    def __call__(self, frame, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        from glue_local.field_paths import join_path
        from glue_local.frame_combine import null_only_paths

        paths = [join_path(p) for p in null_only_paths(frame.toDF())]
        return frame.drop_fields(paths, transformation_ctx, info, stageThreshold, totalThreshold)


class Filter(GlueTransform):
    description = "Keeps the records for which f(record) is true."
    args = (FRAME, ("f", "Function", "Predicate taking a DynamicRecord", False)) + COMMON

    def __call__(self, frame, f, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.filter(f, transformation_ctx, info, stageThreshold, totalThreshold)


class Map(GlueTransform):
    description = "Applies f to every record (a DynamicRecord) and keeps what it returns."
    args = (FRAME, ("f", "Function", "Function from DynamicRecord to DynamicRecord", False),
            ("preservesPartitioning", "Boolean", "Kept for compatibility", True)) + COMMON

    def __call__(self, frame, f, preservesPartitioning=False, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.map(f, preservesPartitioning, transformation_ctx, info, stageThreshold, totalThreshold)


class Join(GlueTransform):
    description = "Equality join of two frames keeping all fields of both."
    args = (("frame1", "DynamicFrame", "Left frame", False), ("frame2", "DynamicFrame", "Right frame", False),
            ("keys1", "List", "Key paths of frame1", False), ("keys2", "List", "Key paths of frame2", False), COMMON[0])

    def __call__(self, frame1, frame2, keys1, keys2, transformation_ctx=""):
        return frame1.join(keys1, keys2, frame2)


class ResolveChoice(GlueTransform):
    description = "Resolves choice fields with cast, project, make_cols, make_struct or match_catalog."
    args = (FRAME, ("specs", "List", "(path, action) tuples", True), ("choice", "String", "One action for all choices", True),
            ("database", "String", "Catalog database (match_catalog)", True),
            ("table_name", "String", "Catalog table (match_catalog)", True)) + COMMON

    def __call__(self, frame, specs=None, choice="", database=None, table_name=None, transformation_ctx="", info="",
                 stageThreshold=0, totalThreshold=0, catalog_id=None):
        return frame.resolveChoice(specs, choice, database, table_name, transformation_ctx, info, stageThreshold,
                                   totalThreshold, catalog_id)


class Relationalize(GlueTransform):
    description = "Flattens structs and pivots arrays into separate tables (a DynamicFrameCollection)."
    returns = "DynamicFrameCollection"
    args = (FRAME, ("staging_path", "String", "Not needed locally", True), ("name", "String", "Root table name", True),
            ("options", "Dictionary", "Unused", True)) + COMMON

    def __call__(self, frame, staging_path=None, name="roottable", options=None, transformation_ctx="", info="",
                 stageThreshold=0, totalThreshold=0):
        return frame.relationalize(name, staging_path, options or {}, transformation_ctx, info, stageThreshold, totalThreshold)


class UnnestFrame(GlueTransform):
    description = "Flattens nested structs into top-level fields with dotted names."
    args = (FRAME,) + COMMON

    def __call__(self, frame, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.unnest(transformation_ctx, info, stageThreshold, totalThreshold)


class Unbox(GlueTransform):
    description = "Parses a string field (json or csv) into a struct."
    args = (FRAME, ("path", "String", "Path of the string field", False), ("format", "String", "json or csv", False)) + COMMON

    def __call__(self, frame, path, format, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0, **options):
        return frame.unbox(path, format, transformation_ctx, info, stageThreshold, totalThreshold, **options)


class SplitFields(GlueTransform):
    description = "Splits the fields into two frames: the given paths, and the rest."
    returns = "DynamicFrameCollection"
    args = (FRAME, ("paths", "List", "Paths of the first frame", False), ("name1", "String", "First frame name", True),
            ("name2", "String", "Second frame name", True)) + COMMON

    def __call__(self, frame, paths, name1=None, name2=None, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        base = frame.name or "frame"
        return frame.split_fields(paths, name1 or base + "1", name2 or base + "2", transformation_ctx, info,
                                  stageThreshold, totalThreshold)


class SplitRows(GlueTransform):
    description = "Splits the records into two frames: those matching comparison_dict, and the rest."
    returns = "DynamicFrameCollection"
    args = (FRAME, ("comparison_dict", "Dictionary", "{path: {operator: value}}", False),
            ("name1", "String", "Matching frame name", True), ("name2", "String", "Other frame name", True)) + COMMON

    def __call__(self, frame, comparison_dict, name1="frame1", name2="frame2", transformation_ctx="", info=None,
                 stageThreshold=0, totalThreshold=0):
        return frame.split_rows(comparison_dict, name1, name2, transformation_ctx, info or "", stageThreshold, totalThreshold)


class Spigot(GlueTransform):
    description = "Writes a sample of the records (topk or prob) as JSON lines and passes the frame on."
    args = (FRAME, ("path", "String", "Where to write", False), ("options", "Dictionary", "topk or prob", False), COMMON[0])

    def __call__(self, frame, path, options, transformation_ctx=""):
        return frame.spigot(path, options, transformation_ctx)


class Repartition(GlueTransform):
    description = "Repartitions the frame into num_partitions partitions."
    args = (FRAME, ("num_partitions", "Integer", "Partitions", False)) + COMMON

    def __call__(self, frame, num_partitions, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.repartition(num_partitions, transformation_ctx, info, stageThreshold, totalThreshold)


class Coalesce(GlueTransform):
    description = "Reduces the frame to num_partitions partitions."
    args = (FRAME, ("num_partitions", "Integer", "Partitions", False), ("shuffle", "Boolean", "Shuffle", True)) + COMMON

    def __call__(self, frame, num_partitions, shuffle=False, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame.coalesce(num_partitions, shuffle, transformation_ctx, info, stageThreshold, totalThreshold)


class Union(GlueTransform):
    description = "All records of both frames."
    args = (("frame1", "DynamicFrame", "First frame", False), ("frame2", "DynamicFrame", "Second frame", False)) + COMMON

    def __call__(self, frame1, frame2, transformation_ctx="", info="", stageThreshold=0, totalThreshold=0):
        return frame1.union(frame2, transformation_ctx, info, stageThreshold, totalThreshold)


class ErrorsAsDynamicFrame(GlueTransform):
    description = "The error records of a frame's lineage as a DynamicFrame."
    args = (FRAME,)

    def __call__(self, frame):
        return frame.errorsAsDynamicFrame()
