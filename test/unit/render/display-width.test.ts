import { expect } from 'chai';
import { clipToWidth, displayWidth, padToWidth } from '../../../src/render/display-width.js';

describe('display width', () => {
  it('counts CJK and emoji as two columns, combining marks as none', () => {
    expect(displayWidth('abc')).to.equal(3);
    expect(displayWidth('東京')).to.equal(4);
    expect(displayWidth('😀')).to.equal(2);
    expect(displayWidth('👩‍💻')).to.equal(2);
    expect(displayWidth('e\u0301')).to.equal(1);
  });

  it('pads to a width in columns', () => {
    expect(padToWidth('東京', 6)).to.equal('東京  ');
    expect(padToWidth('abcdef', 3)).to.equal('abcdef');
  });

  it('clips to a width in columns, never inside a character', () => {
    expect(clipToWidth('東京都庁', 5)).to.equal('東京…');
    expect(clipToWidth('a👩‍💻b', 3)).to.equal('a…');
    expect(clipToWidth('short', 5)).to.equal('short');
  });
});
