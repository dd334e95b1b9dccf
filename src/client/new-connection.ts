import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeConnectionFile, type ConnectionInfo } from '../protocol/connection-file.js';
import { freePorts } from './free-ports.js';

export interface NewConnection {
  connection: ConnectionInfo;
  /** Where the connection file was written (owner-only), in `workDir`. */
  connectionFile: string;
  workDir: string;
}

/**
 * What a client needs to start a kernel: five free loopback ports, a fresh random HMAC key, and
 * the connection file holding them, in a new temporary directory of its own.
 */
export async function newConnection(prefix = 'glue-kernel-client-'): Promise<NewConnection> {
  const workDir = await mkdtemp(join(tmpdir(), prefix));
  const ports = await freePorts(5);
  const connection: ConnectionInfo = {
    transport: 'tcp',
    ip: '127.0.0.1',
    shell_port: ports[0]!,
    iopub_port: ports[1]!,
    stdin_port: ports[2]!,
    control_port: ports[3]!,
    hb_port: ports[4]!,
    key: randomBytes(32).toString('hex'),
    signature_scheme: 'hmac-sha256',
  };
  const connectionFile = join(workDir, 'kernel.json');
  await writeConnectionFile(connectionFile, connection);
  return { connection, connectionFile, workDir };
}
