/**
 * GetPartitions: the partitions matching Expression (partition-predicate.ts), in pages of
 * MaxResults (1–1000), optionally one Segment of TotalSegments (≤ 10) disjoint parts for parallel
 * scans, with ExcludeColumnSchema leaving StorageDescriptor.Columns out.
 */
import type { GlueOperation } from '../glue-call.js';
import { glueErrors } from '../glue-errors.js';
import { CatalogCall, readTableNames } from './catalog-access.js';
import { partitionKeysOf } from './catalog-inputs.js';
import { partitionShape } from './catalog-shapes.js';
import { takePage } from './page-token.js';
import { partitionPredicate } from './partition-predicate.js';

/** A stable hash of a partition's key, to assign it to a segment. */
function segmentOf(key: string, totalSegments: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % totalSegments;
}

export const getPartitions: GlueOperation = (input, call) => {
  const catalog = CatalogCall.of(input, call, 'GetPartitions');
  const { database, table } = readTableNames(input, 'TableName');
  const expression = input.string('Expression');
  const token = input.string('NextToken');
  const maxResults = input.number('MaxResults');
  const segment = input.object('Segment');
  const segmentNumber = segment?.number('SegmentNumber');
  const totalSegments = segment?.number('TotalSegments');
  const excludeColumns = input.raw('ExcludeColumnSchema') === true;
  input.finish();
  if (input.has('TransactionId') || input.has('QueryAsOfTime')) {
    throw glueErrors.invalidInput(
      'TransactionId and QueryAsOfTime are not supported: the local Data Catalog has no governed tables.',
    );
  }
  if (segment && segmentNumber! >= totalSegments!) {
    throw glueErrors.invalidInput(
      `Segment.SegmentNumber ${segmentNumber} must be less than Segment.TotalSegments ${totalSegments}.`,
    );
  }
  catalog.authorizeTable(database, table);
  const entry = catalog.table(database, table).table;
  const matches = partitionPredicate(expression, partitionKeysOf(entry.definition.input));
  const accept = (key: string): boolean =>
    (!segment || segmentOf(key, totalSegments!) === segmentNumber) &&
    matches(entry.partitions.get(key)!.values);
  const page = takePage(
    'GetPartitions',
    entry.orderedPartitionKeys(),
    token,
    maxResults ?? 1000,
    accept,
  );
  return {
    Partitions: page.keys.map((key) =>
      partitionShape(entry.partitions.get(key)!, database, table, catalog.scope, excludeColumns),
    ),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
};
