import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteTableCommand,
  GetDatabasesCommand,
  GetPartitionsCommand,
  GetTablesCommand,
  GetTableVersionsCommand,
  GlueClient,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint, type LocalEndpoint } from '../../src/local/local-endpoint.js';

/** The Data Catalog kept in the state directory (docs/local-catalog.md, "Persistence"). */
describe('local Data Catalog across a restart', function () {
  this.timeout(60_000);
  let stateDir: string;
  const running: LocalEndpoint[] = [];
  const clients: GlueClient[] = [];
  const start = async (): Promise<GlueClient> => {
    const endpoint = await startLocalEndpoint({ port: 0, stateDir });
    running.push(endpoint);
    const glue = new GlueClient({
      endpoint: endpoint.url,
      region: endpoint.region,
      credentials: endpoint.defaultCredentials,
    });
    clients.push(glue);
    return glue;
  };
  const stop = async () => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(running.splice(0).map((endpoint) => endpoint.close()));
  };

  beforeEach(() => (stateDir = mkdtempSync(join(tmpdir(), 'glue-catalog-restart-'))));
  afterEach(async () => {
    await stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('keeps databases, tables, table versions and partitions', async () => {
    const first = await start();
    await first.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales' } }));
    const orders = {
      Name: 'orders',
      PartitionKeys: [{ Name: 'year', Type: 'int' }],
      StorageDescriptor: { Location: 's3://data/orders/' },
    };
    await first.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: orders }));
    await first.send(
      new CreateTableCommand({ DatabaseName: 'sales', TableInput: { Name: 'gone' } }),
    );
    await first.send(
      new UpdateTableCommand({
        DatabaseName: 'sales',
        TableInput: { ...orders, Description: 'v1' },
      }),
    );
    await first.send(
      new BatchCreatePartitionCommand({
        DatabaseName: 'sales',
        TableName: 'orders',
        PartitionInputList: [2023, 2024].map((year) => ({ Values: [String(year)] })),
      }),
    );
    await first.send(new DeleteTableCommand({ DatabaseName: 'sales', Name: 'gone' }));
    await stop();

    const second = await start();
    const databases = await second.send(new GetDatabasesCommand({}));
    expect(databases.DatabaseList!.map((d) => d.Name)).to.deep.equal(['sales']);
    const tables = await second.send(new GetTablesCommand({ DatabaseName: 'sales' }));
    expect(tables.TableList!.map((t) => [t.Name, t.Description, t.VersionId])).to.deep.equal([
      ['orders', 'v1', '1'],
    ]);
    const versions = await second.send(
      new GetTableVersionsCommand({ DatabaseName: 'sales', TableName: 'orders' }),
    );
    expect(versions.TableVersions!.map((v) => v.VersionId)).to.deep.equal(['1', '0']);
    const partitions = await second.send(
      new GetPartitionsCommand({
        DatabaseName: 'sales',
        TableName: 'orders',
        Expression: 'year > 2023',
      }),
    );
    expect(partitions.Partitions!.map((p) => p.Values)).to.deep.equal([['2024']]);
  });

  it('refuses to start on a corrupt catalog file and leaves it as it is', async () => {
    const glue = await start();
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales' } }));
    await stop();
    const index = join(stateDir, 'catalog', 'index.json');
    writeFileSync(index, '{"version": 1, "data": {"not": "a list"}}');
    let refusal: Error | undefined;
    try {
      await start();
    } catch (error) {
      refusal = error as Error;
    }
    expect(refusal?.message).to.contain(`${index}: is corrupt: the catalog index must be a list`);
    expect(readFileSync(index, 'utf8')).to.equal('{"version": 1, "data": {"not": "a list"}}');
  });
});
