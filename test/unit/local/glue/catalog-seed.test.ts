import { expect } from 'chai';
import { seedCatalog } from '../../../../src/local/glue/catalog/catalog-seed.js';
import { CatalogStore } from '../../../../src/local/glue/catalog/catalog-store.js';
import { parseAccountsFile } from '../../../../src/local/identity/accounts-file.js';

const ACCOUNT = '111111111111';
const ORDERS = {
  Name: 'Orders',
  Parameters: { classification: 'csv' },
  StorageDescriptor: { Columns: [{ Name: 'id', Type: 'int' }], Location: 's3://raw-data/orders/' },
};

function accounts(catalog: unknown) {
  return parseAccountsFile({ accounts: [{ id: ACCOUNT, catalog }] }, 'accounts.json');
}

function failure(run: () => void): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the seed to be refused');
}

describe('local Data Catalog: seeding from the accounts file', () => {
  const scope = { accountId: ACCOUNT, region: 'us-east-1' };

  it('adds the databases and tables an accounts file names, lower-cased', () => {
    const store = new CatalogStore();
    seedCatalog(store, accounts({ databases: [{ Name: 'Sales', tables: [ORDERS] }] }), 1000);
    const table = store.table(scope, 'sales', 'orders');
    expect(table?.definition.input).to.deep.equal({ ...ORDERS, Name: 'orders' });
    expect(table?.definition.createTime).to.equal(1000);
  });

  it('keeps what the catalog already holds', () => {
    const store = new CatalogStore();
    const seed = accounts({ databases: [{ Name: 'sales', tables: [ORDERS] }] });
    seedCatalog(store, seed, 1000);
    store.table(scope, 'sales', 'orders')!.definition.input['Description'] = 'changed later';
    seedCatalog(store, seed, 2000);
    expect(store.table(scope, 'sales', 'orders')!.definition.input['Description']).to.equal(
      'changed later',
    );
  });

  it('refuses a seed outside the Glue model or with a location outside S3, naming the field', () => {
    const store = new CatalogStore();
    expect(
      failure(() => seedCatalog(store, accounts({ databases: [{ Name: '' }] }), 0)),
    ).to.contain('accounts.json: accounts[0].catalog.databases[0]: 1 validation error detected');
    const local = { ...ORDERS, StorageDescriptor: { Location: '/data/orders' } };
    expect(
      failure(() =>
        seedCatalog(store, accounts({ databases: [{ Name: 'a', tables: [local] }] }), 0),
      ),
    ).to.contain(
      'accounts[0].catalog.databases[0].tables[0].StorageDescriptor.Location: must be an s3:// location',
    );
    expect(store.database(scope, 'a')).to.equal(undefined);
  });
});
