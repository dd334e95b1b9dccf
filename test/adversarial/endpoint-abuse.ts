/**
 * Part 3 — endpoint abuse over HTTP against the built `glue-kernel local`: unsigned, badly signed,
 * expired and replayed requests, huge headers and bodies, invalid JSON, every operation of
 * botocore's published Glue model with random members, S3 and STS abuse. Asserts: every answer is
 * an AWS-shaped error (4xx with a code and message) or a success, never a 5xx, a reset or an
 * internal error in the log; the endpoint stays up; no file appears outside its state directory.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { loadBotocoreModel } from '../../scripts/extract-glue-model.mjs';
import { seededRandom } from '../../src/session/lifecycle/backoff.js';
import { SignatureV4 } from '@smithy/signature-v4';
import { REPO_ROOT } from '../support/kernel-argv.js';
import { NodeSha256 } from '../integration/local-identity-support.js';
import {
  Findings,
  Tally,
  baseEnvironment,
  killAll,
  leftovers,
  removeDir,
  scratchDir,
  secretKeysIn,
  secretsIn,
  startBuiltEndpoint,
  type PartResult,
} from './adversarial-support.js';

interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
  min?: number;
  max?: number;
}
interface Model {
  operations: Record<string, { name: string; input?: { shape: string } }>;
  shapes: Record<string, Shape>;
}

const NASTY = [
  '',
  ' ',
  'a',
  '\u0000',
  'a\u0000b',
  '../../etc/passwd',
  '%00',
  'é',
  '🙂',
  '\ud800',
  'aws:x',
  'x'.repeat(256),
  'x'.repeat(70_000),
  '{"a":1}',
  '__proto__',
  'constructor',
  '*',
  '\n',
  '-1',
];

export async function endpointAbuse(seed: number, scale: number): Promise<PartResult> {
  const started = Date.now();
  const counts = new Tally();
  const findings = new Findings();
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const dir = scratchDir('endpoint');
  const state = join(dir, 'state');
  const accountsFile = join(REPO_ROOT, 'notebooks', 'scenario-accounts.json');
  const accounts = JSON.parse(readFileSync(accountsFile, 'utf8')) as unknown;
  const endpoint = await startBuiltEndpoint(
    ['--accounts', accountsFile, '--state-dir', state, '--no-standby', '--python', 'python3'],
    baseEnvironment('endpoint', state),
  );
  const url = new URL(endpoint.url);
  const credentials = {
    accessKeyId: endpoint.exports['AWS_ACCESS_KEY_ID']!,
    secretAccessKey: endpoint.exports['AWS_SECRET_ACCESS_KEY']!,
  };
  const secrets = new Set(secretKeysIn(accounts));
  const bodies: string[] = [];

  const sign = async (
    service: string,
    request: {
      method: string;
      path: string;
      headers: Record<string, string>;
      body?: string | Buffer;
      query?: Record<string, string>;
    },
    options: { date?: Date; creds?: typeof credentials & { sessionToken?: string } } = {},
  ): Promise<Record<string, string>> => {
    const signer = new SignatureV4({
      credentials: options.creds ?? credentials,
      region: 'us-east-1',
      service,
      sha256: NodeSha256,
    });
    const signed = await signer.sign(
      {
        method: request.method,
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: request.path,
        query: request.query ?? {},
        headers: { host: url.host, ...request.headers },
        body: request.body,
      },
      { signingDate: options.date },
    );
    return Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k, String(v)]));
  };

  /** Sends a request; classifies the answer. */
  const send = async (
    what: string,
    path: string,
    init: { method: string; headers: Record<string, string>; body?: string | Buffer },
  ): Promise<number> => {
    counts.add('requests sent');
    // node:http sends the path as given (fetch would resolve '..' and '//').
    const rawPath = path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
    const answer = await new Promise<{ status: number; text: string } | Error>((resolve) => {
      const req = request(
        {
          host: url.hostname,
          port: Number(url.port),
          method: init.method,
          path: rawPath,
          headers: init.headers,
          timeout: 60_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on(
            'data',
            (chunk: string) => (text += chunk.length + text.length > 2_000_000 ? '' : chunk),
          );
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', (err) => resolve(err));
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
      req.on('error', (err) => resolve(err));
      req.end(init.body);
    });
    if (answer instanceof Error) {
      counts.add('requests without an answer');
      findings.add(`${what}: no answer (${answer.message})`);
      return 0;
    }
    const { status, text } = answer;
    if (bodies.length < 50_000) bodies.push(text.slice(0, 20_000));
    counts.add(`status ${status}`);
    const notImplemented = status === 501 && text.includes('<Code>NotImplemented</Code>');
    if (status >= 500 && !notImplemented)
      findings.add(`${what}: status ${status}: ${text.slice(0, 200)}`);
    else if (status >= 400) {
      const shaped =
        /"__type"\s*:/.test(text) ||
        /<Code>[^<]+<\/Code>/.test(text) ||
        (init.method === 'HEAD' && text === '');
      if (!shaped) {
        counts.add('4xx not AWS-shaped');
        findings.add(`${what}: ${status} without an AWS error code: ${text.slice(0, 200)}`);
      }
    }
    return status;
  };

  const alive = async (): Promise<void> => {
    counts.add('liveness checks');
    if (endpoint.child.exitCode !== null || endpoint.child.signalCode !== null) {
      findings.add('the endpoint died');
      throw new Error('endpoint died');
    }
    const body = '{}';
    const headers = await sign('glue', {
      method: 'POST',
      path: '/',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSGlue.ListSessions',
      },
      body,
    });
    if ((await send('liveness ListSessions', '/', { method: 'POST', headers, body })) !== 200)
      findings.add('the endpoint did not answer ListSessions');
  };

  /** A raw HTTP exchange over a socket (for what fetch will not send); resolves with the status line. */
  const rawExchange = (what: string, payload: Buffer | string): Promise<string> =>
    new Promise((resolve) => {
      counts.add('raw requests sent');
      const socket = connect(Number(url.port), url.hostname);
      let answer = '';
      const timer = setTimeout(() => socket.destroy(), 30_000);
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        const status = answer.split('\r\n')[0] ?? '';
        counts.add(status === '' ? 'raw: closed without an answer' : `raw: ${status.slice(9, 12)}`);
        if (/ 5\d\d /.test(status)) findings.add(`${what}: ${status}`);
        resolve(status);
      });
      socket.write(payload, () => socket.end());
    });

  const glueModel = loadBotocoreModel() as unknown as Model;
  const randomValue = (shapeName: string, depth: number): unknown => {
    const shape = glueModel.shapes[shapeName]!;
    const roll = random();
    if (roll < 0.08) return pick([null, 1, 'x', [], {}, true, -1.5]);
    switch (shape.type) {
      case 'string':
        if (shape.enum && roll < 0.6) return pick(shape.enum);
        return roll < 0.5 ? `adv-${Math.floor(random() * 1e6)}` : pick(NASTY);
      case 'integer':
      case 'long':
        return pick([0, 1, -1, 5, 2 ** 31, 2 ** 53, 1.5]);
      case 'double':
      case 'float':
        return pick([0, -0.5, 1e308, 3.25]);
      case 'boolean':
        return roll < 0.9 ? random() < 0.5 : 'true';
      case 'timestamp':
        return pick([0, 1_700_000_000, -1, 'yesterday', 1e15]);
      case 'blob':
        return pick(['', 'aGVsbG8=', '!!!']);
      case 'list':
        if (depth > 3) return [];
        return Array.from({ length: Math.floor(random() * 3) }, () =>
          randomValue(shape.member!.shape, depth + 1),
        );
      case 'map': {
        if (depth > 3) return {};
        const out: Record<string, unknown> = {};
        for (let i = Math.floor(random() * 3); i > 0; i--)
          out[String(randomValue(shape.key!.shape, depth + 1))] = randomValue(
            shape.value!.shape,
            depth + 1,
          );
        return out;
      }
      case 'structure': {
        if (depth > 3) return {};
        const out: Record<string, unknown> = {};
        for (const [name, member] of Object.entries(shape.members ?? {}))
          if (random() < 0.6) out[name] = randomValue(member.shape, depth + 1);
        if (random() < 0.1) out['Unmodelled'] = pick(NASTY);
        return out;
      }
      default:
        return pick(NASTY);
    }
  };

  try {
    await alive();
    // Every Glue operation of the published model, with random members.
    const operations = Object.keys(glueModel.operations);
    const perOperation = Math.max(1, Math.round(10 * scale));
    for (const operation of operations) {
      const input = glueModel.operations[operation]!.input?.shape;
      for (let i = 0; i < perOperation; i++) {
        const payload = input ? randomValue(input, 0) : {};
        const body = JSON.stringify(payload);
        const headers = await sign('glue', {
          method: 'POST',
          path: '/',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': `AWSGlue.${operation}`,
          },
          body,
        });
        counts.add('glue operation requests');
        await send(`AWSGlue.${operation} ${body.slice(0, 150)}`, '/', {
          method: 'POST',
          headers,
          body,
        });
      }
    }
    counts.add('glue operations covered', operations.length);
    await alive();

    // Authentication abuse on one valid Glue request.
    const body = '{}';
    const base = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSGlue.ListSessions',
    };
    const good = await sign('glue', { method: 'POST', path: '/', headers: base, body });
    const variants: Record<string, Record<string, string>> = {
      unsigned: base,
      'bad signature': {
        ...good,
        authorization: good['authorization']!.replace(
          /Signature=\w+/,
          `Signature=${'0'.repeat(64)}`,
        ),
      },
      'wrong key': await sign(
        'glue',
        { method: 'POST', path: '/', headers: base, body },
        { creds: { accessKeyId: credentials.accessKeyId, secretAccessKey: 'wrong' } },
      ),
      'unknown key': await sign(
        'glue',
        { method: 'POST', path: '/', headers: base, body },
        { creds: { accessKeyId: 'AKIDNOSUCHKEY', secretAccessKey: 'x' } },
      ),
      'static key with a token': await sign(
        'glue',
        { method: 'POST', path: '/', headers: base, body },
        { creds: { ...credentials, sessionToken: 'forged' } },
      ),
      expired: await sign(
        'glue',
        { method: 'POST', path: '/', headers: base, body },
        { date: new Date(Date.now() - 3_600_000) },
      ),
      future: await sign(
        'glue',
        { method: 'POST', path: '/', headers: base, body },
        { date: new Date(Date.now() + 3_600_000) },
      ),
      'huge authorization': {
        ...good,
        authorization: `${good['authorization']}${'A'.repeat(100_000)}`,
      },
      'garbage authorization': {
        ...good,
        authorization: 'AWS4-HMAC-SHA256 Credential=/, SignedHeaders=, Signature=',
      },
      'huge header': { ...good, 'x-adversarial': 'h'.repeat(1_000_000) },
    };
    const rounds = Math.max(1, Math.round(20 * scale));
    for (let round = 0; round < rounds; round++) {
      for (const [name, headers] of Object.entries(variants)) {
        counts.add(`auth abuse: ${name}`);
        const status = await send(`auth abuse: ${name}`, '/', { method: 'POST', headers, body });
        if (status === 200 && name !== 'unsigned')
          findings.add(`auth abuse '${name}' was accepted`);
        if (status === 200 && name === 'unsigned') findings.add('an unsigned request was accepted');
      }
      // Replayed: AWS accepts a replay within the signature's validity; it must answer the same.
      await send('replay', '/', { method: 'POST', headers: good, body });
      counts.add('replays sent');
    }
    await alive();

    // Bodies: invalid JSON (signed), huge (over the limit), wrong content.
    for (const [name, payload] of [
      ['invalid JSON', '{"Id": '],
      ['JSON array', '[1,2,3]'],
      ['JSON string', '"x"'],
      ['NUL bytes', '\u0000\u0000'],
      ['deep nesting', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ] as const) {
      const headers = await sign('glue', {
        method: 'POST',
        path: '/',
        headers: { ...base, 'x-amz-target': 'AWSGlue.GetSession' },
        body: payload,
      });
      counts.add(`body abuse: ${name}`);
      await send(`body abuse: ${name}`, '/', { method: 'POST', headers, body: payload });
    }
    // Over the body limit: the endpoint answers 413 and closes; read the answer off the socket.
    const huge = `{"Id": "${'x'.repeat(20 << 20)}"}`;
    const hugeHeaders = await sign('glue', {
      method: 'POST',
      path: '/',
      headers: { ...base, 'x-amz-target': 'AWSGlue.GetSession' },
      body: huge,
    });
    const head = Object.entries({
      ...hugeHeaders,
      'content-length': String(Buffer.byteLength(huge)),
    })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    const hugeStatus = await rawExchange(
      'body abuse: 20 MB',
      `POST / HTTP/1.1\r\n${head}\r\n\r\n${huge}`,
    );
    counts.add(`body abuse: 20 MB answered ${hugeStatus.slice(9, 12) || 'nothing'}`);
    await alive();

    // Raw HTTP: broken request lines, headers past Node's limit, lies about the length.
    for (const [name, payload] of [
      ['garbage', 'GARBAGE\r\n\r\n'],
      ['no headers end', 'POST / HTTP/1.1\r\nHost: x\r\n'],
      [
        'content-length lies',
        'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nX-Amz-Target: AWSGlue.ListSessions\r\n\r\n{}',
      ],
      ['negative length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n'],
      ['bad chunked', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
      ['1 MB header', `GET / HTTP/1.1\r\nHost: x\r\nX-A: ${'a'.repeat(1 << 20)}\r\n\r\n`],
      ['binary', Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)))],
    ] as const) {
      await rawExchange(`raw: ${name}`, payload);
    }
    await alive();

    // STS: random actions and members, over the query protocol.
    const stsActions = [
      'GetCallerIdentity',
      'AssumeRole',
      'GetSessionToken',
      'AssumeRoleWithWebIdentity',
      'DecodeAuthorizationMessage',
      'Nope',
      '__proto__',
      '',
    ];
    const roles = [
      'arn:aws:iam::222222222222:role/GlueSessionCreationRole',
      'arn:aws:iam::111111111111:role/AWSGlueServiceRole-notebooks',
      'arn:aws:iam::999:role/x',
      ...NASTY.slice(0, 12),
    ];
    for (let i = 0; i < Math.max(5, Math.round(300 * scale)); i++) {
      const params = new URLSearchParams({
        Action: pick(stsActions),
        Version: pick(['2011-06-15', 'x', '']),
      });
      if (random() < 0.8) params.set('RoleArn', pick(roles));
      if (random() < 0.8) params.set('RoleSessionName', pick(['adv', ...NASTY.slice(0, 12)]));
      if (random() < 0.5)
        params.set('DurationSeconds', String(pick([0, 899, 900, 3600, 43201, -1, 1e20])));
      if (random() < 0.2) params.set('ExternalId', pick(NASTY));
      if (random() < 0.1) params.set('Policy', '{}');
      const payload = params.toString();
      const headers = await sign('sts', {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: payload,
      });
      counts.add('sts requests');
      const status = await send(`STS ${payload.slice(0, 150)}`, '/', {
        method: 'POST',
        headers,
        body: payload,
      });
      if (status === 200 && params.get('Action') === 'AssumeRole')
        counts.add('sts AssumeRole accepted');
    }
    await alive();

    // S3: random buckets, keys (traversal, unicode, huge), methods and bodies.
    const escape = `adversarial-escape-${seed}`;
    const buckets = [
      'raw-data',
      'adv-bucket',
      'UPPER',
      'a',
      'x'.repeat(70),
      '..',
      'xn--a',
      'a..b',
      '%2e%2e',
      '',
    ];
    const keys = [
      'k',
      `../../${escape}`,
      `..%2F..%2F${escape}`,
      `a/../../${escape}`,
      '%00',
      'é/🙂',
      'x'.repeat(2000),
      'dir/',
      '',
      `/${escape}`,
    ];
    for (let i = 0; i < Math.max(10, Math.round(400 * scale)); i++) {
      const method = pick(['GET', 'PUT', 'HEAD', 'DELETE', 'POST', 'PATCH']);
      const path = `/${encodeURI(pick(buckets))}/${pick(keys)}${random() < 0.2 ? '?list-type=2&max-keys=-1' : random() < 0.1 ? '?uploads' : ''}`;
      const bodyBytes =
        method === 'PUT' || method === 'POST'
          ? Buffer.alloc(pick([0, 10, 1 << 20]), 0x61)
          : undefined;
      const [pathOnly, query = ''] = path.split('?');
      const headers = await sign('s3', {
        method,
        path: pathOnly!,
        query: Object.fromEntries(new URLSearchParams(query)),
        headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        body: bodyBytes,
      });
      if (random() < 0.15) headers['authorization'] = 'AWS4-HMAC-SHA256 garbage';
      counts.add('s3 requests');
      await send(`S3 ${method} ${path.slice(0, 150)}`, path, { method, headers, body: bodyBytes });
    }
    const escaped = [dir, join(dir, '..'), state]
      .flatMap((d) => (existsSync(d) ? readdirSync(d) : []))
      .filter((f) => f.includes(escape));
    counts.add('files written outside the state directory', escaped.length);
    if (escaped.length > 0) findings.add(`S3 wrote outside its folders: ${escaped.join(', ')}`);
    await alive();
  } finally {
    const log = endpoint.log();
    const internal = log.split('\n').filter((line) => line.includes('internal error'));
    counts.add('internal errors logged', internal.length);
    if (internal.length > 0)
      findings.add(`internal errors in the endpoint log: ${internal.slice(0, 3).join(' | ')}`);
    const hits = [...secretsIn(log, secrets), ...secretsIn(bodies.join('\n'), secrets)];
    counts.add('secrets found', hits.length);
    if (hits.length > 0) findings.add(`secrets in answers or log: ${hits.join(', ')}`);
    const exited = endpoint.child.exitCode !== null || endpoint.child.signalCode !== null;
    if (exited) findings.add('the endpoint exited during the part');
    endpoint.child.kill('SIGTERM');
    await new Promise((resolve) =>
      exited ? resolve(undefined) : endpoint.child.once('exit', resolve),
    );
    const left = await leftovers(state);
    counts.add('processes left', left.length);
    if (left.length > 0) findings.add(`processes left: ${JSON.stringify(left)}`);
    killAll(left);
    removeDir(dir);
  }
  return {
    part: 'endpoint abuse',
    seconds: Math.round((Date.now() - started) / 1000),
    counts: counts.toJSON(),
    findings: findings.items,
  };
}
