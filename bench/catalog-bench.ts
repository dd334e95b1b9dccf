/**
 * The local Data Catalog at scale (not a test): GetTables over 10,000 tables and GetPartitions
 * over 100,000 partitions, through the AWS SDK against an in-process local endpoint.
 *
 *   npx tsx bench/catalog-bench.ts [--tables N] [--partitions N] [--out FILE]
 *
 * Prints one line per measurement and writes JSON (bench/results/catalog.json by default).
 */
import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  GetPartitionsCommand,
  GetTablesCommand,
  GlueClient,
  type PartitionInput,
} from '@aws-sdk/client-glue';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalEndpoint } from '../src/local/local-endpoint.js';
import { REPO_ROOT } from './kernel-launch.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const { values: flags } = parseArgs({
  options: {
    tables: { type: 'string', default: '10000' },
    partitions: { type: 'string', default: '100000' },
    out: { type: 'string', default: join(REPO_ROOT, 'bench', 'results', 'catalog.json') },
  },
});
const TABLES = Number(flags.tables);
const PARTITIONS = Number(flags.partitions);
const CONCURRENCY = 8;

/** Runs `work(i)` for i in [0, n) with a few calls in flight. */
async function inParallel(n: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) await work(next++);
  });
  await Promise.all(lanes);
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: Math.round(performance.now() - started), value };
}

/** Follows NextToken to the end; returns items and pages. */
async function everyPage(
  page: (token?: string) => Promise<{ items: number; next?: string }>,
): Promise<{ items: number; pages: number }> {
  let token: string | undefined;
  let items = 0;
  let pages = 0;
  do {
    const result = await page(token);
    items += result.items;
    pages += 1;
    token = result.next;
  } while (token);
  return { items, pages };
}

const endpoint = await startLocalEndpoint({ port: 0 });
const glue = new GlueClient({
  endpoint: endpoint.url,
  region: endpoint.region,
  credentials: endpoint.defaultCredentials,
});
const results: Record<string, unknown> = { tables: TABLES, partitions: PARTITIONS };
const report = (name: string, ms: number, detail: string): void => {
  results[name] = { ms, detail };
  console.log(`${name.padEnd(34)} ${String(ms).padStart(7)} ms  ${detail}`);
};
try {
  await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'bench' } }));
  const storage = (location: string) => ({
    Columns: [
      { Name: 'id', Type: 'bigint' },
      { Name: 'payload', Type: 'string' },
    ],
    Location: location,
    SerdeInfo: {
      SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    },
  });
  const created = await timed(() =>
    inParallel(TABLES, (i) =>
      glue.send(
        new CreateTableCommand({
          DatabaseName: 'bench',
          TableInput: {
            Name: `table_${String(i).padStart(5, '0')}`,
            Parameters: { classification: 'parquet' },
            StorageDescriptor: storage(`s3://bench/table_${i}/`),
          },
        }),
      ),
    ),
  );
  report('CreateTable ×' + TABLES, created.ms, `${CONCURRENCY} calls in flight`);
  const allTables = await timed(() =>
    everyPage(async (token) => {
      const page = await glue.send(
        new GetTablesCommand({ DatabaseName: 'bench', NextToken: token }),
      );
      return { items: page.TableList!.length, next: page.NextToken };
    }),
  );
  report(
    'GetTables (all pages)',
    allTables.ms,
    `${allTables.value.items} tables in ${allTables.value.pages} pages`,
  );
  const someTables = await timed(() =>
    everyPage(async (token) => {
      const page = await glue.send(
        new GetTablesCommand({ DatabaseName: 'bench', Expression: 'table_0.*5', NextToken: token }),
      );
      return { items: page.TableList!.length, next: page.NextToken };
    }),
  );
  report(
    'GetTables Expression',
    someTables.ms,
    `${someTables.value.items} tables match 'table_0.*5'`,
  );

  await glue.send(
    new CreateTableCommand({
      DatabaseName: 'bench',
      TableInput: {
        Name: 'events',
        PartitionKeys: [
          { Name: 'day', Type: 'int' },
          { Name: 'shard', Type: 'string' },
        ],
        StorageDescriptor: storage('s3://bench/events/'),
      },
    }),
  );
  const perDay = 100;
  const partition = (i: number): PartitionInput => {
    const day = Math.floor(i / perDay);
    const shard = `s${i % perDay}`;
    return {
      Values: [String(day), shard],
      StorageDescriptor: storage(`s3://bench/events/day=${day}/shard=${shard}/`),
    };
  };
  const batches = Math.ceil(PARTITIONS / 100);
  const loaded = await timed(() =>
    inParallel(batches, (b) =>
      glue.send(
        new BatchCreatePartitionCommand({
          DatabaseName: 'bench',
          TableName: 'events',
          PartitionInputList: Array.from({ length: Math.min(100, PARTITIONS - b * 100) }, (_, k) =>
            partition(b * 100 + k),
          ),
        }),
      ),
    ),
  );
  report(`BatchCreatePartition ×${batches}`, loaded.ms, `${PARTITIONS} partitions, 100 per call`);
  const listPartitions = (expression?: string) =>
    timed(() =>
      everyPage(async (token) => {
        const page = await glue.send(
          new GetPartitionsCommand({
            DatabaseName: 'bench',
            TableName: 'events',
            Expression: expression,
            NextToken: token,
          }),
        );
        return { items: page.Partitions!.length, next: page.NextToken };
      }),
    );
  const first = await listPartitions();
  report(
    'GetPartitions (all pages, 1st)',
    first.ms,
    `${first.value.items} partitions in ${first.value.pages} pages (sorts once)`,
  );
  const again = await listPartitions();
  report(
    'GetPartitions (all pages)',
    again.ms,
    `${again.value.items} partitions in ${again.value.pages} pages`,
  );
  const expression = "day BETWEEN 10 AND 19 AND shard IN ('s1', 's2')";
  const filtered = await listPartitions(expression);
  report(
    'GetPartitions Expression',
    filtered.ms,
    `${filtered.value.items} partitions match ${expression}`,
  );
  const pruned = await listPartitions('day = 500');
  report('GetPartitions day = 500', pruned.ms, `${pruned.value.items} partitions`);
  await mkdir(dirname(flags.out!), { recursive: true });
  await writeFile(flags.out!, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results: ${flags.out}`);
} finally {
  glue.destroy();
  await endpoint.close();
}
