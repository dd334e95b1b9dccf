import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchDeleteTableCommand,
  BatchGetPartitionCommand,
  CreateDatabaseCommand,
  CreatePartitionCommand,
  CreateTableCommand,
  DeleteDatabaseCommand,
  DeletePartitionCommand,
  DeleteTableCommand,
  GetDatabaseCommand,
  GetDatabasesCommand,
  GetPartitionCommand,
  GetPartitionsCommand,
  GetTableCommand,
  GetTablesCommand,
  GetTableVersionsCommand,
  UpdateDatabaseCommand,
  UpdatePartitionCommand,
  UpdateTableCommand,
  type GlueClient,
  type TableInput,
} from '@aws-sdk/client-glue';
import { expect } from 'chai';
import {
  startGlueHarness,
  TEST_ACCOUNT,
  type GlueHarness,
} from '../../../support/local-glue-harness.js';
import { sdkFailureOf } from '../../../support/sdk-failure-of.js';

const ORDERS: TableInput = {
  Name: 'Orders',
  TableType: 'EXTERNAL_TABLE',
  Parameters: { classification: 'parquet' },
  PartitionKeys: [
    { Name: 'year', Type: 'int' },
    { Name: 'region', Type: 'string' },
  ],
  StorageDescriptor: {
    Columns: [{ Name: 'id', Type: 'bigint' }],
    Location: 's3://data/orders/',
  },
};
const ARN = `arn:aws:glue:us-east-1:${TEST_ACCOUNT}`;

describe('local Glue endpoint: Data Catalog', () => {
  let harness: GlueHarness;
  let glue: GlueClient;
  let denied: string[];

  beforeEach(async () => {
    denied = [];
    harness = await startGlueHarness({
      deny: ({ action, resource }) =>
        denied.some((d) => `${action} ${resource}` === d)
          ? `User: arn:aws:iam::${TEST_ACCOUNT}:user/tester is not authorized to perform: ${action} on resource: ${resource}`
          : undefined,
    });
    glue = harness.client();
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'Sales' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'SALES', TableInput: ORDERS }));
  });
  afterEach(() => harness.close());

  const partition = (year: number, region: string) => ({
    Values: [String(year), region],
    StorageDescriptor: { Location: `s3://data/orders/year=${year}/region=${region}/` },
  });

  it('keeps databases with lower-cased names, CatalogId and CreateTime', async () => {
    const before = Date.now() / 1000;
    await glue.send(
      new CreateDatabaseCommand({ DatabaseInput: { Name: 'Raw', Description: 'landing zone' } }),
    );
    const { Database } = await glue.send(new GetDatabaseCommand({ Name: 'RAW' }));
    expect(Database).to.include({
      Name: 'raw',
      Description: 'landing zone',
      CatalogId: TEST_ACCOUNT,
    });
    expect(Database!.CreateTime!.getTime() / 1000).to.be.within(before - 1, Date.now() / 1000 + 1);
    await glue.send(
      new UpdateDatabaseCommand({ Name: 'raw', DatabaseInput: { Name: 'raw', Description: 'v2' } }),
    );
    const list = await glue.send(new GetDatabasesCommand({}));
    expect(list.DatabaseList!.map((d) => [d.Name, d.Description])).to.deep.equal([
      ['raw', 'v2'],
      ['sales', undefined],
    ]);
    const duplicate = await sdkFailureOf(
      glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'RAW' } })),
    );
    expect(duplicate.name).to.equal('AlreadyExistsException');
  });

  it('deletes a database with its tables', async () => {
    await glue.send(new DeleteDatabaseCommand({ Name: 'sales' }));
    const gone = await sdkFailureOf(
      glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' })),
    );
    expect(gone.name).to.equal('EntityNotFoundException');
    expect(gone.message).to.equal('Database sales not found.');
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'sales' } }));
    const tables = await glue.send(new GetTablesCommand({ DatabaseName: 'sales' }));
    expect(tables.TableList).to.deep.equal([]);
  });

  it('serves a table as it was defined, with the service-set fields', async () => {
    const { Table } = await glue.send(
      new GetTableCommand({ DatabaseName: 'sales', Name: 'ORDERS' }),
    );
    expect(Table).to.deep.include({
      Name: 'orders',
      DatabaseName: 'sales',
      TableType: 'EXTERNAL_TABLE',
      Parameters: { classification: 'parquet' },
      PartitionKeys: ORDERS.PartitionKeys,
      StorageDescriptor: ORDERS.StorageDescriptor,
      CatalogId: TEST_ACCOUNT,
      VersionId: '0',
      CreatedBy: `arn:aws:iam::${TEST_ACCOUNT}:user/tester`,
    });
    const missing = await sdkFailureOf(
      glue.send(new GetTableCommand({ DatabaseName: 'nodb', Name: 'orders' })),
    );
    expect([missing.name, missing.message]).to.deep.equal([
      'EntityNotFoundException',
      'Database nodb not found.',
    ]);
    const duplicate = await sdkFailureOf(
      glue.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: ORDERS })),
    );
    expect(duplicate.name).to.equal('AlreadyExistsException');
  });

  it('archives table versions on update unless SkipArchive', async () => {
    await glue.send(
      new UpdateTableCommand({
        DatabaseName: 'sales',
        TableInput: { ...ORDERS, Description: 'v1' },
      }),
    );
    await glue.send(
      new UpdateTableCommand({
        DatabaseName: 'sales',
        TableInput: { ...ORDERS, Description: 'v1 fixed' },
        SkipArchive: true,
      }),
    );
    const { TableVersions } = await glue.send(
      new GetTableVersionsCommand({ DatabaseName: 'sales', TableName: 'orders' }),
    );
    expect(TableVersions!.map((v) => [v.VersionId, v.Table!.Description])).to.deep.equal([
      ['1', 'v1 fixed'],
      ['0', undefined],
    ]);
    const stale = await sdkFailureOf(
      glue.send(
        new UpdateTableCommand({ DatabaseName: 'sales', TableInput: ORDERS, VersionId: '0' }),
      ),
    );
    expect(stale.name).to.equal('ConcurrentModificationException');
  });

  it('lists tables matching Expression, in pages, and refuses a foreign NextToken', async () => {
    for (const name of ['orders_2024', 'orders_2025', 'customers']) {
      await glue.send(
        new CreateTableCommand({ DatabaseName: 'sales', TableInput: { Name: name } }),
      );
    }
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await glue.send(
        new GetTablesCommand({
          DatabaseName: 'sales',
          Expression: 'orders.*',
          MaxResults: 2,
          NextToken: token,
        }),
      );
      names.push(...page.TableList!.map((t) => t.Name!));
      token = page.NextToken;
    } while (token);
    expect(names).to.deep.equal(['orders', 'orders_2024', 'orders_2025']);
    const bad = await sdkFailureOf(
      glue.send(new GetTablesCommand({ DatabaseName: 'sales', NextToken: 'not-a-token' })),
    );
    expect(bad.name).to.equal('InvalidInputException');
    const regex = await sdkFailureOf(
      glue.send(new GetTablesCommand({ DatabaseName: 'sales', Expression: '*x' })),
    );
    expect(regex.name).to.equal('InvalidInputException');
    expect(regex.message).to.contain("Expression '*x' is not a valid regular expression");
  });

  it('deletes tables one by one and in batches, reporting the missing ones', async () => {
    await glue.send(new CreateTableCommand({ DatabaseName: 'sales', TableInput: { Name: 't2' } }));
    const batch = await glue.send(
      new BatchDeleteTableCommand({ DatabaseName: 'sales', TablesToDelete: ['T2', 'nope'] }),
    );
    expect(batch.Errors).to.deep.equal([
      {
        TableName: 'nope',
        ErrorDetail: {
          ErrorCode: 'EntityNotFoundException',
          ErrorMessage: 'Table nope not found.',
        },
      },
    ]);
    await glue.send(new DeleteTableCommand({ DatabaseName: 'sales', Name: 'orders' }));
    const tables = await glue.send(new GetTablesCommand({ DatabaseName: 'sales' }));
    expect(tables.TableList).to.deep.equal([]);
  });

  it('creates, reads, filters, pages, updates and deletes partitions', async () => {
    await glue.send(
      new CreatePartitionCommand({
        DatabaseName: 'sales',
        TableName: 'orders',
        PartitionInput: partition(2023, 'eu'),
      }),
    );
    const batch = await glue.send(
      new BatchCreatePartitionCommand({
        DatabaseName: 'sales',
        TableName: 'orders',
        PartitionInputList: [
          partition(2023, 'eu'),
          partition(2024, 'eu'),
          partition(2024, 'us'),
          { Values: ['2025'] },
        ],
      }),
    );
    expect(batch.Errors!.map((e) => [e.PartitionValues, e.ErrorDetail!.ErrorCode])).to.deep.equal([
      [['2023', 'eu'], 'AlreadyExistsException'],
      [['2025'], 'InvalidInputException'],
    ]);
    const one = await glue.send(
      new GetPartitionCommand({
        DatabaseName: 'sales',
        TableName: 'orders',
        PartitionValues: ['2024', 'us'],
      }),
    );
    expect(one.Partition).to.deep.include({
      Values: ['2024', 'us'],
      DatabaseName: 'sales',
      TableName: 'orders',
      StorageDescriptor: { Location: 's3://data/orders/year=2024/region=us/' },
    });
    const filtered = await glue.send(
      new GetPartitionsCommand({
        DatabaseName: 'sales',
        TableName: 'orders',
        Expression: "year >= 2024 AND region = 'eu'",
      }),
    );
    expect(filtered.Partitions!.map((p) => p.Values)).to.deep.equal([['2024', 'eu']]);
    const first = await glue.send(
      new GetPartitionsCommand({ DatabaseName: 'sales', TableName: 'orders', MaxResults: 2 }),
    );
    const rest = await glue.send(
      new GetPartitionsCommand({
        DatabaseName: 'sales',
        TableName: 'orders',
        NextToken: first.NextToken,
      }),
    );
    expect(
      [...first.Partitions!, ...rest.Partitions!].map((p) => p.Values!.join('/')),
    ).to.have.members(['2023/eu', '2024/eu', '2024/us']);
    expect(rest.NextToken).to.equal(undefined);
    await glue.send(
      new UpdatePartitionCommand({
        DatabaseName: 'sales',
        TableName: 'orders',
        PartitionValueList: ['2024', 'us'],
        PartitionInput: { ...partition(2024, 'us'), Parameters: { rows: '10' } },
      }),
    );
    const got = await glue.send(
      new BatchGetPartitionCommand({
        DatabaseName: 'sales',
        TableName: 'orders',
        PartitionsToGet: [{ Values: ['2024', 'us'] }, { Values: ['1999', 'us'] }],
      }),
    );
    expect(got.Partitions!.map((p) => p.Parameters)).to.deep.equal([{ rows: '10' }]);
    await glue.send(
      new DeletePartitionCommand({
        DatabaseName: 'sales',
        TableName: 'orders',
        PartitionValues: ['2023', 'eu'],
      }),
    );
    const deleted = await glue.send(
      new BatchDeletePartitionCommand({
        DatabaseName: 'sales',
        TableName: 'orders',
        PartitionsToDelete: [{ Values: ['2024', 'eu'] }, { Values: ['2023', 'eu'] }],
      }),
    );
    expect(deleted.Errors!.map((e) => e.ErrorDetail!.ErrorCode)).to.deep.equal([
      'EntityNotFoundException',
    ]);
    const left = await glue.send(
      new GetPartitionsCommand({ DatabaseName: 'sales', TableName: 'orders' }),
    );
    expect(left.Partitions!.map((p) => p.Values)).to.deep.equal([['2024', 'us']]);
  });

  it('refuses names outside the model and another account catalog', async () => {
    const long = await sdkFailureOf(glue.send(new GetDatabaseCommand({ Name: 'x'.repeat(256) })));
    expect(long.name).to.equal('InvalidInputException');
    expect(long.message).to.contain('Member must have length less than or equal to 255');
    const foreign = await sdkFailureOf(
      glue.send(new GetDatabaseCommand({ Name: 'sales', CatalogId: '999999999999' })),
    );
    expect(foreign.name).to.equal('AccessDeniedException');
    expect(foreign.message).to.contain(`on resource: arn:aws:glue:us-east-1:999999999999:catalog`);
  });

  it('authorizes the catalog, database and table ARNs of each call', async () => {
    harness.authorizations.length = 0;
    await glue.send(new GetPartitionsCommand({ DatabaseName: 'sales', TableName: 'orders' }));
    expect(harness.authorizations.map((a) => `${a.action} ${a.resource}`)).to.deep.equal([
      `glue:GetPartitions ${ARN}:catalog`,
      `glue:GetPartitions ${ARN}:database/sales`,
      `glue:GetPartitions ${ARN}:table/sales/orders`,
    ]);
    denied.push(`glue:GetTable ${ARN}:table/sales/orders`);
    const refused = await sdkFailureOf(
      glue.send(new GetTableCommand({ DatabaseName: 'sales', Name: 'orders' })),
    );
    expect(refused.name).to.equal('AccessDeniedException');
    expect(refused.message).to.contain(`glue:GetTable on resource: ${ARN}:table/sales/orders`);
    denied.push(`glue:DeleteDatabase ${ARN}:table/sales/*`);
    const children = await sdkFailureOf(glue.send(new DeleteDatabaseCommand({ Name: 'sales' })));
    expect(children.name).to.equal('AccessDeniedException');
    denied.push(`glue:BatchDeleteTable ${ARN}:table/sales/orders`);
    await glue.send(
      new CreateTableCommand({ DatabaseName: 'sales', TableInput: { Name: 'free' } }),
    );
    const batch = await sdkFailureOf(
      glue.send(
        new BatchDeleteTableCommand({ DatabaseName: 'sales', TablesToDelete: ['free', 'orders'] }),
      ),
    );
    expect(batch.name).to.equal('AccessDeniedException');
    const still = await glue.send(new GetTablesCommand({ DatabaseName: 'sales' }));
    expect(still.TableList!.map((t) => t.Name)).to.deep.equal(['free', 'orders']);
  });
});
