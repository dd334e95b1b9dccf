import { expect } from 'chai';
import { completeMagic, inspectMagic, isCellComplete } from '../../../src/magics/editor-assist.js';
import { createMagicRegistry } from '../../../src/magics/registry.js';
import { suggestMagic } from '../../../src/magics/suggest.js';
import { editDistance } from '../../../src/util/edit-distance.js';

const registry = createMagicRegistry();

describe('editor assistance', () => {
  describe('did you mean', () => {
    const cases: [string, 'line' | 'cell', string | undefined][] = [
      ['idle_timout', 'line', 'Did you mean %idle_timeout?'],
      ['Region', 'line', 'Did you mean %region?'],
      ['glueversion', 'line', 'Did you mean %glue_version?'],
      ['configur', 'cell', 'Did you mean %%configure?'],
      ['stop_sesion', 'line', 'Did you mean %stop_session?'],
      ['completely_unrelated_name', 'line', undefined],
    ];
    for (const [name, kind, expected] of cases) {
      it(`${name} → ${expected ?? 'no suggestion'}`, () => {
        expect(suggestMagic(name, kind, registry)).to.equal(expected);
      });
    }
    it('edit distance', () => {
      expect(editDistance('kitten', 'sitting')).to.equal(3);
      expect(editDistance('', 'abc')).to.equal(3);
    });
  });

  describe('completion', () => {
    it('completes magic names at % and %%', async () => {
      const r = await completeMagic('%idle', 5, registry, undefined);
      expect(r).to.deep.include({ matches: ['%idle_timeout'], cursor_start: 0, cursor_end: 5 });
      const cells = await completeMagic('x = 1\n%%c', 9, registry, undefined);
      expect(cells.matches).to.deep.equal(['%%configure']);
      expect(cells.cursor_start).to.equal(6);
      const all = await completeMagic('%', 1, registry, undefined);
      expect(all.matches).to.include('%%tags').and.to.include('%region');
    });
    it('completes the flags of a magic, after other words too', async () => {
      const r = await completeMagic('%list_sessions --', 17, registry, undefined);
      expect(r).to.deep.include({ matches: ['--tags', '--max'], cursor_start: 15, cursor_end: 17 });
      const later = await completeMagic('%list_sessions --tags a=b --m', 29, registry, undefined);
      expect(later).to.deep.include({ matches: ['--max'], cursor_start: 26 });
      expect((await completeMagic('%%configure -', 13, registry, undefined)).matches).to.deep.equal(
        ['-f', '--force'],
      );
    });
    it('completes values of known magics', async () => {
      const r = await completeMagic('%worker_type G.', 15, registry, undefined);
      expect(r.matches).to.include('G.1X').and.to.include('G.025X');
      expect(r.matches).not.to.include('Standard');
      expect(r.cursor_start).to.equal(13);
      expect((await completeMagic('%glue_version ', 14, registry, undefined)).matches).to.include(
        '4.0',
      );
      expect((await completeMagic('%region eu-w', 12, registry, undefined)).matches).to.deep.equal([
        'eu-west-1',
        'eu-west-2',
        'eu-west-3',
      ]);
    });
    it('offers nothing inside code', async () => {
      expect((await completeMagic('print(x', 7, registry, undefined)).matches).to.deep.equal([]);
    });
    it('counts the cursor in code points', async () => {
      const r = await completeMagic('# é😀\n%reg', 9, registry, undefined);
      expect(r.matches).to.deep.equal(['%region']);
      expect(r.cursor_start).to.equal(5);
    });
  });

  describe('inspect', () => {
    it('shows a magic’s help as plain text and markdown', () => {
      const r = inspectMagic('%idle_timeout 60', 3, registry);
      expect(r.found).to.equal(true);
      expect(String(r.data['text/plain'])).to.include('Usage: %idle_timeout MINUTES');
      expect(String(r.data['text/plain'])).to.include('%idle_timeout 60');
      expect(String(r.data['text/markdown'])).to.include('**%idle_timeout**');
    });
    it('finds cell magics and says nothing about code', () => {
      expect(inspectMagic('%%tags\n{}', 2, registry).found).to.equal(true);
      expect(inspectMagic('print(1)', 2, registry)).to.deep.equal({ found: false, data: {} });
    });
  });

  describe('is_complete', () => {
    const cases: [string, string][] = [
      ["%%tags\n{'team': 'analytics',", 'incomplete'],
      ['%%configure\n{"a": """open', 'incomplete'],
      ['%%tags', 'incomplete'],
      ["%%tags\n{'team': 'analytics'}", 'complete'],
      ['%%assume_role\narn:aws:iam::222222222222:role/R', 'complete'],
      ['%%assume_role --clear', 'complete'],
      ['%%configure -f', 'incomplete'],
      ["%%tags\n{'a': b}", 'invalid'],
      ['%region us-east-1\nprint(1)', 'complete'],
      ['%', 'complete'],
    ];
    for (const [code, status] of cases) {
      it(`${JSON.stringify(code)} is ${status}`, () =>
        expect(isCellComplete(code).status).to.equal(status));
    }
  });
});
