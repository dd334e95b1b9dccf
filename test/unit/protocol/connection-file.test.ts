import { expect } from 'chai';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConnectionFileError,
  parseConnectionInfo,
  readConnectionFile,
  writeConnectionFile,
} from '../../../src/protocol/connection-file.js';

const valid = {
  transport: 'tcp',
  ip: '127.0.0.1',
  shell_port: 50001,
  iopub_port: 50002,
  stdin_port: 50003,
  control_port: 50004,
  hb_port: 50005,
  key: 'k',
  signature_scheme: 'hmac-sha256',
  kernel_name: 'glue_kernel_pyspark',
};

describe('connection file', () => {
  it('parses a Jupyter connection file', () => {
    expect(parseConnectionInfo(JSON.stringify(valid))).to.deep.equal(valid);
  });

  it('defaults transport, ip, key and scheme like jupyter_client', () => {
    const {
      transport: _t,
      ip: _i,
      key: _k,
      signature_scheme: _s,
      kernel_name: _n,
      ...ports
    } = valid;
    expect(parseConnectionInfo(JSON.stringify(ports))).to.deep.include({
      transport: 'tcp',
      ip: '127.0.0.1',
      key: '',
      signature_scheme: 'hmac-sha256',
    });
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{', /not valid JSON/],
    ['an array', '[]', /JSON object/],
    ['a missing port', JSON.stringify({ ...valid, hb_port: undefined }), /"hb_port"/],
    [
      'a port out of range',
      JSON.stringify({ ...valid, shell_port: 70000 }),
      /"shell_port" \(70000\)/,
    ],
    ['a string port', JSON.stringify({ ...valid, iopub_port: '1' }), /"iopub_port"/],
    ['an unknown transport', JSON.stringify({ ...valid, transport: 'udp' }), /"udp"/],
    ['a numeric key', JSON.stringify({ ...valid, key: 5 }), /"key"/],
  ];
  for (const [name, text, message] of bad) {
    it(`rejects ${name} with a clear error`, () => {
      expect(() => parseConnectionInfo(text)).to.throw(ConnectionFileError, message);
    });
  }

  it('never echoes the key in an error', () => {
    const text = JSON.stringify({ ...valid, key: 'super-secret-key', control_port: 0 });
    expect(() => parseConnectionInfo(text))
      .to.throw(ConnectionFileError)
      .that.satisfies((err: Error) => !err.message.includes('super-secret-key'));
  });

  it('writes an owner-only file that reads back, and names a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'conn-'));
    try {
      const path = join(dir, 'kernel.json');
      await writeConnectionFile(path, parseConnectionInfo(JSON.stringify(valid)));
      expect((await stat(path)).mode & 0o777).to.equal(0o600);
      expect(await readConnectionFile(path)).to.deep.equal(valid);
      let error: unknown;
      await readConnectionFile(join(dir, 'missing.json')).catch((err: unknown) => (error = err));
      expect(error).to.be.instanceOf(ConnectionFileError);
      expect((error as Error).message).to.match(/missing\.json \(ENOENT\)/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
