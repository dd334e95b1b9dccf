import { expect } from 'chai';
import {
  readDict,
  readFlags,
  readGlueVersion,
  readKeyValuePairs,
  readList,
  readMinutes,
  readPositiveInteger,
  readRegion,
  readRoleArn,
  readSessionIdPrefix,
  readStringDict,
  readWorkerType,
  stripQuotes,
} from '../../../src/magics/arg-readers.js';
import { thrownKernelError } from '../../support/interpreter-expect.js';

describe('argument readers', () => {
  describe('stripQuotes (as the official kernel)', () => {
    const cases: [string, string][] = [
      ['"us-east-1"', 'us-east-1'],
      ["'us-east-1'", 'us-east-1'],
      ['"\'x\'"', 'x'],
      ['plain', 'plain'],
      [' "spaced" ', ' "spaced" '],
    ];
    for (const [input, output] of cases) {
      it(`${input} → ${output}`, () => expect(stripQuotes(input)).to.equal(output));
    }
  });

  describe('readMinutes', () => {
    it('accepts whole minutes ≥ 1, quoted or not', () => {
      expect(readMinutes('2880')).to.equal(2880);
      expect(readMinutes('"60"')).to.equal(60);
      expect(readMinutes('1')).to.equal(1);
    });
    const bad: [string, RegExp][] = [
      ['', /is required/],
      ['0', /'0' is too small: .* at least 1/],
      ['-5', /'-5' is not a whole number/],
      ['1.5', /'1.5' is not a whole number/],
      ['abc', /'abc' is not a whole number/],
      ['99999999999999999999', /too small|whole number/],
    ];
    for (const [input, message] of bad) {
      it(`rejects ${JSON.stringify(input)}`, () => {
        expect(thrownKernelError(() => readMinutes(input)).message).to.match(message);
      });
    }
  });

  it('readPositiveInteger names what it reads', () => {
    expect(readPositiveInteger('5', 'number of workers')).to.equal(5);
    expect(
      thrownKernelError(() => readPositiveInteger('five', 'number of workers')).message,
    ).to.equal("'five' is not a whole number (number of workers).");
  });

  describe('readRoleArn', () => {
    it('accepts role ARNs of any partition, with paths', () => {
      for (const arn of [
        'arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
        'arn:aws-cn:iam::123456789012:role/service-role/Glue',
        'arn:aws-us-gov:iam::123456789012:role/a+b=c,d.e@f_g-h',
      ]) {
        expect(readRoleArn(arn)).to.equal(arn);
      }
      expect(readRoleArn('"arn:aws:iam::222222222222:role/X"')).to.equal(
        'arn:aws:iam::222222222222:role/X',
      );
    });
    for (const bad of [
      'AWSGlueServiceRole-blog',
      'arn:aws:iam::2222:role/X',
      'arn:aws:iam::222222222222:user/ISBlogUser',
      'arn:aws:sts::222222222222:assumed-role/X/y',
    ]) {
      it(`rejects ${bad}`, () => {
        expect(thrownKernelError(() => readRoleArn(bad)).message).to.include(
          'is not an IAM role ARN',
        );
      });
    }
  });

  describe('readRegion', () => {
    it('lowercases and accepts region shapes', () => {
      expect(readRegion('US-EAST-1')).to.equal('us-east-1');
      expect(readRegion('us-gov-west-1')).to.equal('us-gov-west-1');
      expect(readRegion('eu-isoe-west-1')).to.equal('eu-isoe-west-1');
    });
    it('rejects other text', () => {
      expect(thrownKernelError(() => readRegion('virginia')).message).to.equal(
        "'virginia' is not an AWS region name (such as us-east-1 or eu-west-2).",
      );
      expect(thrownKernelError(() => readRegion('')).message).to.equal('A region is required.');
    });
  });

  describe('readGlueVersion', () => {
    it('accepts known versions without a warning', () => {
      expect(readGlueVersion('4.0')).to.deep.equal({ value: '4.0' });
      expect(readGlueVersion('5.0')).to.deep.equal({ value: '5.0' });
    });
    it('accepts any N.N version with a warning', () => {
      const read = readGlueVersion('6.1');
      expect(read.value).to.equal('6.1');
      expect(read.warning).to.include('not one this kernel knows');
    });
    it('rejects other shapes', () => {
      expect(thrownKernelError(() => readGlueVersion('4')).message).to.include(
        "'4' is not a Glue version",
      );
      expect(thrownKernelError(() => readGlueVersion('latest')).message).to.include(
        'is not a Glue version',
      );
    });
  });

  describe('readWorkerType', () => {
    it('accepts and normalises known types', () => {
      expect(readWorkerType('G.1X')).to.deep.equal({ value: 'G.1X' });
      expect(readWorkerType('g.2x')).to.deep.equal({ value: 'G.2X' });
      expect(readWorkerType('Z.2X')).to.deep.equal({ value: 'Z.2X' });
    });
    it('warns about, but accepts, unknown types', () => {
      const read = readWorkerType('G.32X');
      expect(read.value).to.equal('G.32X');
      expect(read.warning).to.include("Worker type 'G.32X' is not one this kernel knows");
    });
  });

  describe('readList (the official list check)', () => {
    it('splits, trims and strips brackets', () => {
      expect(readList('a,b', 'x')).to.deep.equal(['a', 'b']);
      expect(readList('[a, b ,c]', 'x')).to.deep.equal(['a', 'b', 'c']);
      expect(readList('session_vpc', 'x')).to.deep.equal(['session_vpc']);
      expect(readList('pandas==2.2.2,--upgrade numpy', 'x')).to.deep.equal([
        'pandas==2.2.2',
        '--upgrade numpy',
      ]);
    });
    it('rejects empty items with the official message', () => {
      expect(thrownKernelError(() => readList('a,,b', 'x')).message).to.equal(
        'Empty values are not allowed to be passed.',
      );
    });
    it('rejects blanks inside an item with the official message', () => {
      expect(thrownKernelError(() => readList('a,b c', 'x')).message).to.equal(
        'Invalid value. There is at least one blank space present in this value: b c',
      );
    });
    it('requires a value', () => {
      expect(thrownKernelError(() => readList('', 'connection name')).message).to.equal(
        'At least one connection name is required.',
      );
    });
  });

  it('readSessionIdPrefix', () => {
    expect(readSessionIdPrefix('team-a/b.c_d#1')).to.equal('team-a/b.c_d#1');
    expect(thrownKernelError(() => readSessionIdPrefix('bad prefix!')).message).to.include(
      'Not a valid input, the prefix only accepts -._#/A-Za-z0-9',
    );
  });

  it('readKeyValuePairs', () => {
    expect(readKeyValuePairs('team=analytics,billing=Data-Platform', 'tag')).to.deep.equal({
      team: 'analytics',
      billing: 'Data-Platform',
    });
    expect(thrownKernelError(() => readKeyValuePairs('team', 'tag filter')).message).to.equal(
      "'team' is not a key=value tag filter.",
    );
    expect(thrownKernelError(() => readKeyValuePairs('=x', 'tag')).message).to.include("'=x'");
  });

  it('readKeyValuePairs keeps blanks inside a value: only commas separate pairs', () => {
    expect(readKeyValuePairs('team=x, billing=Data Platform', 'tag filter')).to.deep.equal({
      team: 'x',
      billing: 'Data Platform',
    });
    expect(
      thrownKernelError(() => readKeyValuePairs('team=x,billing', 'tag filter')).message,
    ).to.equal("'billing' is not a key=value tag filter.");
  });

  it('requireValue uses the right article', () => {
    expect(thrownKernelError(() => readMinutes('', 'idle timeout in minutes')).message).to.equal(
      'An idle timeout in minutes is required.',
    );
    expect(thrownKernelError(() => readRoleArn('')).message).to.equal('A role ARN is required.');
  });

  describe('readFlags', () => {
    const spec = { withValue: ['tags', 'max'], switches: ['-f', '--force'] };
    it('reads values, inline values, switches and positionals', () => {
      const read = readFlags('--tags team=a,b=c --max=5 -f pos', spec);
      expect(read.values).to.deep.equal({ tags: 'team=a,b=c', max: '5' });
      expect([...read.switches]).to.deep.equal(['f']);
      expect(read.positionals).to.deep.equal(['pos']);
    });
    it('keeps every value of a repeated flag', () => {
      const read = readFlags("--tags a=1 --tags 'b=Data Platform'", spec);
      expect(read.repeated.tags).to.deep.equal(['a=1', 'b=Data Platform']);
      expect(read.values.tags).to.equal('b=Data Platform');
    });
    it('rejects unknown flags and missing values', () => {
      expect(thrownKernelError(() => readFlags('--colour red', spec)).message).to.include(
        "Unknown flag '--colour' (known: --tags, --max, -f, --force)",
      );
      expect(thrownKernelError(() => readFlags('--max', spec)).message).to.equal(
        'The flag --max needs a value.',
      );
    });
  });

  describe('dict readers', () => {
    it('read Python and JSON dicts', () => {
      expect(
        readStringDict("{'team':'analytics', 'billing':'Data-Platform'}", 'tags'),
      ).to.deep.equal({
        team: 'analytics',
        billing: 'Data-Platform',
      });
      expect(readStringDict('{"team": " analytics "}', 'tags')).to.deep.equal({
        team: 'analytics',
      });
      expect(readDict('{"a": true, "b": null}', 'x')).to.deep.equal({ a: true, b: null });
    });
    it('reject non-dicts and non-string values', () => {
      expect(thrownKernelError(() => readDict('[1]', 'tags')).message).to.include(
        'must be a dictionary',
      );
      expect(thrownKernelError(() => readStringDict("{'a': 1}", 'tags')).message).to.equal(
        "The value of 'a' in the tags must be a string.",
      );
    });
    it('point at the position of a syntax error (adjacent strings join, as in Python)', () => {
      expect(
        thrownKernelError(() => readDict("{'a': 'b'\n 'c': 'd'}", '%%tags body')).message,
      ).to.equal(
        "The %%tags body could not be read: Expected ',' or '}' but found ':' (line 2, column 5).",
      );
    });
  });
});
