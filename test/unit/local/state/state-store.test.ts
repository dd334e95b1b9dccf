import { expect } from 'chai';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultStateDir } from '../../../../src/local/state/state-dir.js';
import { StateError } from '../../../../src/local/state/state-error.js';
import { LOCK_FILE } from '../../../../src/local/state/state-lock.js';
import { StateStore } from '../../../../src/local/state/state-store.js';

/** A pid above Linux's and macOS's pid_max: no process has it. */
const DEAD_PID = 2_147_483_646;

function errorOf(action: () => unknown): StateError {
  try {
    action();
  } catch (err) {
    if (err instanceof StateError) return err;
    throw err;
  }
  throw new Error('expected a StateError');
}

describe('state directory store', () => {
  let dir: string;
  const opened: StateStore[] = [];
  const open = (): StateStore => {
    const store = StateStore.open(dir);
    opened.push(store);
    return store;
  };
  const notes = { version: 2, defaults: () => ({ notes: [] as string[] }) };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'state-store-test-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the defaults for a new document and reads back what was saved', async () => {
    const doc = open().document('catalog/notes', notes);
    expect(doc.load()).to.deep.equal({ notes: [] });
    await doc.save({ notes: ['a', 'b'] });
    expect(JSON.parse(readFileSync(join(dir, 'catalog', 'notes.json'), 'utf8'))).to.deep.equal({
      version: 2,
      data: { notes: ['a', 'b'] },
    });
    expect(doc.load()).to.deep.equal({ notes: ['a', 'b'] });
  });

  it('refuses a corrupt document with an error naming the file, and leaves it as it is', () => {
    const file = join(dir, 'notes.json');
    writeFileSync(file, '{"version": 2, "data": {"notes": [');
    const err = errorOf(() => open().document('notes', notes).load());
    expect(err.message).to.contain(`${file}: is corrupt: not valid JSON`);
    expect(err.message).to.contain('left the file as it is');
    expect(readFileSync(file, 'utf8')).to.equal('{"version": 2, "data": {"notes": [');
  });

  it('refuses a document that is not a state document, or fails its own validation', () => {
    writeFileSync(join(dir, 'a.json'), '[1, 2]');
    writeFileSync(join(dir, 'b.json'), '{"version": 2, "data": 7}');
    const store = open();
    expect(errorOf(() => store.document('a', notes).load()).message).to.contain(
      'not a glue-kernel state document',
    );
    const validated = store.document('b', {
      ...notes,
      validate: (data: unknown) => {
        if (typeof data !== 'object') throw new Error('expected an object of notes');
        return data as { notes: string[] };
      },
    });
    expect(errorOf(() => validated.load()).message).to.contain(
      'is corrupt: expected an object of notes',
    );
  });

  it('refuses a document of a newer format version and leaves it as it is', () => {
    const file = join(dir, 'notes.json');
    const newer = '{"version": 3, "data": {"notes": [], "more": true}}';
    writeFileSync(file, newer);
    const err = errorOf(() => open().document('notes', notes).load());
    expect(err.file).to.equal(file);
    expect(err.message).to.contain('written by a newer glue-kernel (format version 3');
    expect(readFileSync(file, 'utf8')).to.equal(newer);
  });

  it('migrates an older version when the document knows how, and refuses it otherwise', () => {
    writeFileSync(join(dir, 'notes.json'), '{"version": 1, "data": ["x"]}');
    const store = open();
    const migrated = store.document('notes', {
      ...notes,
      migrate: (data: unknown) => ({ notes: data as string[] }),
    });
    expect(migrated.load()).to.deep.equal({ notes: ['x'] });
    writeFileSync(join(dir, 'old.json'), '{"version": 1, "data": ["x"]}');
    expect(errorOf(() => store.document('old', notes).load()).message).to.contain(
      'format version 1 is too old',
    );
  });

  it('replaces a document atomically: a reader never sees half of it', async () => {
    const doc = open().document('big', { version: 1, defaults: () => [''] });
    const file = join(dir, 'big.json');
    const values = ['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => [letter.repeat(4_000_000)]);
    let reads = 0;
    let torn = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        await new Promise((resolve) => setImmediate(resolve));
        if (!existsSync(file)) continue;
        reads += 1;
        try {
          JSON.parse(readFileSync(file, 'utf8'));
        } catch {
          torn += 1;
        }
      }
    })();
    await Promise.all(values.map((value) => doc.save(value)));
    reading = false;
    await reader;
    expect(reads).to.be.greaterThan(0);
    expect(torn).to.equal(0);
    expect(doc.load()).to.deep.equal(values.at(-1)); // saves land in call order
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).to.deep.equal([]);
  });

  it('refuses a second endpoint on a directory whose owner is alive', async () => {
    const first = open();
    const err = errorOf(() => StateStore.open(dir));
    expect(err.message).to.contain(
      `is in use by another glue-kernel local endpoint (pid ${process.pid}`,
    );
    expect(err.message).to.contain('--state-dir DIR');
    await first.close();
    expect(existsSync(join(dir, LOCK_FILE))).to.equal(false);
    open(); // free again once the first one closed
  });

  it('takes over the lock of an endpoint that died, and of a half-written lock', async () => {
    const lock = join(dir, LOCK_FILE);
    writeFileSync(lock, JSON.stringify({ pid: DEAD_PID, startedAt: '2026-01-01T00:00:00Z' }));
    const store = open();
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).to.equal(process.pid);
    await store.close();
    writeFileSync(lock, '{"pid": 12');
    open();
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).to.equal(process.pid);
  });

  it('refuses document and folder names that could leave the directory', () => {
    const store = open();
    for (const name of ['../x', 'a/../../b', '/etc/passwd', '', '.hidden']) {
      expect(() => store.document(name, notes), name).to.throw(/state name .* is not valid/);
      expect(() => store.folder(name), name).to.throw(/state name .* is not valid/);
    }
    expect(store.folder('s3')).to.equal(join(dir, 's3'));
  });

  it('keeps nothing for a temporary store once closed', async () => {
    const store = StateStore.temporary();
    await store.document('x', notes).save({ notes: ['kept?'] });
    await store.close();
    expect(existsSync(store.dir)).to.equal(false);
  });

  it('defaults to GLUE_KERNEL_STATE_DIR, then $XDG_STATE_HOME, then ~/.local/state', () => {
    expect(defaultStateDir({ GLUE_KERNEL_STATE_DIR: '/s', XDG_STATE_HOME: '/x' }, '/h')).to.equal(
      '/s',
    );
    expect(defaultStateDir({ XDG_STATE_HOME: '/x' }, '/h')).to.equal('/x/glue-kernel');
    expect(defaultStateDir({ XDG_STATE_HOME: 'relative' }, '/h')).to.equal(
      '/h/.local/state/glue-kernel',
    );
    expect(defaultStateDir({}, '/h')).to.equal('/h/.local/state/glue-kernel');
  });
});
