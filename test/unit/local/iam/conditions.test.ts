import { expect } from 'chai';
import {
  conditionBlockHolds,
  parseConditionOperator,
} from '../../../../src/local/iam/conditions.js';
import { conditionCases } from '../../../fixtures/iam/condition-cases.js';

describe('IAM condition operators (AWS documented examples)', () => {
  for (const testCase of conditionCases) {
    it(`${testCase.name} → ${testCase.holds}`, () => {
      expect(conditionBlockHolds(testCase.condition, testCase.context)).to.equal(testCase.holds);
    });
  }

  it('an absent Condition block always holds', () => {
    expect(conditionBlockHolds(undefined, {})).to.equal(true);
  });

  it('condition key names are case-insensitive', () => {
    expect(
      conditionBlockHolds({ StringEquals: { 'AWS:UserId': 'AIDA1' } }, { 'aws:userid': 'AIDA1' }),
    ).to.equal(true);
  });

  it('a policy variable with no value matches nothing, unless it has a default', () => {
    expect(
      conditionBlockHolds(
        { StringEquals: { 'aws:RequestTag/owner': '${aws:username}' } },
        { 'aws:RequestTag/owner': '' },
      ),
    ).to.equal(false);
    expect(
      conditionBlockHolds(
        { StringEquals: { 'aws:RequestTag/owner': "${aws:username, 'nobody'}" } },
        { 'aws:RequestTag/owner': 'nobody' },
      ),
    ).to.equal(true);
  });

  it('${*} is a literal star, not a wildcard', () => {
    expect(conditionBlockHolds({ StringLike: { k: 'a${*}' } }, { k: 'a*' })).to.equal(true);
    expect(conditionBlockHolds({ StringLike: { k: 'a${*}' } }, { k: 'abc' })).to.equal(false);
  });

  it('context booleans and numbers compare as their text', () => {
    expect(
      conditionBlockHolds(
        { Bool: { 'aws:SecureTransport': 'false' } },
        { 'aws:SecureTransport': false },
      ),
    ).to.equal(true);
    expect(
      conditionBlockHolds(
        { NumericGreaterThanEquals: { 'aws:EpochTime': 100 } },
        { 'aws:EpochTime': 100 },
      ),
    ).to.equal(true);
  });

  it('parses set prefixes and the IfExists suffix, and rejects unknown operators', () => {
    expect(parseConditionOperator('ForAnyValue:StringNotEqualsIfExists')).to.deep.include({
      base: 'StringNotEquals',
      set: 'ForAnyValue',
      ifExists: true,
    });
    expect(parseConditionOperator('StringEqual')).to.equal(undefined);
    expect(parseConditionOperator('NullIfExists')).to.equal(undefined);
  });
});
