import { expect } from 'chai';
import { partitionPredicate } from '../../../../src/local/glue/catalog/partition-predicate.js';
import type { AwsError } from '../../../../src/local/local-types.js';

const KEYS = [
  { Name: 'year', Type: 'string' },
  { Name: 'month', Type: 'int' },
  { Name: 'day', Type: 'date' },
];
const PARTITIONS = [
  ['2015', '1', '2015-01-31'],
  ['2016', '2', '2016-02-29'],
  ['2017', '10', '2017-10-01'],
  ['2017', '9', '2017-09-30'],
];

function matching(expression: string, keys = KEYS): string[] {
  const test = partitionPredicate(expression, keys);
  return PARTITIONS.filter((values) => test(values)).map((values) => values.join('/'));
}

function refusal(expression: string, keys = KEYS): AwsError {
  try {
    matching(expression, keys);
  } catch (error) {
    return error as AwsError;
  }
  throw new Error(`expected ${expression} to be refused`);
}

describe('local Data Catalog: GetPartitions Expression', () => {
  it('gives the documented examples their documented results', () => {
    const years = (e: string) => [...new Set(matching(e).map((p) => p.split('/')[0]))];
    expect(years("year='2015'")).to.deep.equal(['2015']);
    expect(years("year>'2016' AND year<'2018'")).to.deep.equal(['2017']);
    const all = ['2015', '2016', '2017'];
    expect(years("year>='2015' AND year<='2018'")).to.deep.equal(all);
    expect(years('year BETWEEN 2015 AND 2018')).to.deep.equal(all);
    expect(years('year IN (2015,2016,2017,2018)')).to.deep.equal(all);
    expect(years("year LIKE '%7'")).to.deep.equal(['2017']);
  });

  it('compares by the key type: numbers for int keys, dates for date keys', () => {
    // As text '10' < '9'; as int 10 > 9.
    expect(matching('month > 9')).to.deep.equal(['2017/10/2017-10-01']);
    expect(matching("month >= '2' AND month < 10")).to.deep.equal([
      '2016/2/2016-02-29',
      '2017/9/2017-09-30',
    ]);
    expect(matching("day < DATE '2016-03-01'")).to.have.length(2);
    expect(matching("'2017-01-01' <= day")).to.have.length(2);
  });

  it('supports NOT, OR, parentheses, <>, !=, NOT IN, NOT BETWEEN, NOT LIKE and IS NULL', () => {
    expect(matching("NOT (year = '2017' OR month = 1)")).to.deep.equal(['2016/2/2016-02-29']);
    expect(matching("year <> '2017' AND month != 2")).to.deep.equal(['2015/1/2015-01-31']);
    expect(matching('month NOT IN (1, 2, 9)')).to.deep.equal(['2017/10/2017-10-01']);
    expect(matching('month NOT BETWEEN 2 AND 9')).to.have.length(2);
    expect(matching("year NOT LIKE '201_'")).to.deep.equal([]);
    expect(matching('year IS NULL')).to.deep.equal([]);
    expect(matching('year IS NOT NULL')).to.have.length(4);
    expect(matching('`year` = \'2016\' and "month" = 2')).to.deep.equal(['2016/2/2016-02-29']);
  });

  it('refuses what it does not support, naming the part', () => {
    expect(refusal('year + 1 = 2016').message).to.match(/the character '\+' at position 6/);
    expect(refusal("colour = 'red'").message).to.contain(
      'colour is not a partition key of the table (its partition keys: year, month, day)',
    );
    expect(refusal("month = 'ten'").message).to.contain(
      "'ten' is not a value of partition key month's type (integer)",
    );
    expect(refusal("year = '2015' AND").message).to.contain('a missing operand');
    expect(refusal('year = month').message).to.contain('compare a key with a literal');
    const error = refusal('flag = 1', [{ Name: 'flag', Type: 'boolean' }]);
    expect(error.code).to.equal('InvalidInputException');
    expect(error.message).to.contain('partition key flag has type boolean');
  });
});
