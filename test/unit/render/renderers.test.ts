import { expect } from 'chai';
import { formatError } from '../../../src/render/error-format.js';
import { renderHelp } from '../../../src/render/help-table.js';
import { escapeHtml } from '../../../src/render/mime.js';
import {
  formatElapsed,
  renderProvisioningProgress,
  renderStatementProgress,
} from '../../../src/render/progress.js';
import { renderSessionList } from '../../../src/render/session-list.js';
import { renderStatementOutput } from '../../../src/render/statement-output.js';
import { renderStatusReport } from '../../../src/render/status-report.js';
import { renderTable } from '../../../src/render/table.js';
import { KernelError } from '../../../src/errors.js';

const evil = '<script>alert("x")</script> & co';

describe('renderers', () => {
  it('escape HTML', () => {
    expect(escapeHtml(evil)).to.equal('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
  });

  describe('table', () => {
    it('draws a text grid and an escaped HTML table, with a footer', () => {
      const bundle = renderTable({
        columns: ['id', 'name'],
        rows: [
          [1, evil],
          [2, null],
        ],
        footer: 'showing 2 of 9 rows',
      });
      expect(bundle['text/plain']).to.equal(
        [
          '+----+----------------------------------+',
          '| id | name                             |',
          '+====+==================================+',
          `| 1  | ${evil} |`,
          '+----+----------------------------------+',
          '| 2  | null                             |',
          '+----+----------------------------------+',
          'showing 2 of 9 rows',
        ].join('\n'),
      );
      const html = String(bundle['text/html']);
      expect(html).to.include('<th>id</th><th>name</th>');
      expect(html).to.include('&lt;script&gt;');
      expect(html).not.to.include('<script>');
      expect(html).to.include('<p>showing 2 of 9 rows</p>');
    });
    it('cuts long cells and flattens newlines in text', () => {
      const text = String(
        renderTable({ columns: ['v'], rows: [['a\nb'], ['x'.repeat(100)]] })['text/plain'],
      );
      expect(text).to.include('a\\nb');
      expect(text).to.include(`${'x'.repeat(79)}…`);
    });
    it('lines up CJK and emoji cells by the columns they take on screen', () => {
      const text = String(
        renderTable({
          columns: ['city', 'mood'],
          rows: [
            ['東京', '😀'],
            ['Paris', 'ok'],
          ],
        })['text/plain'],
      );
      expect(text).to.equal(
        [
          '+-------+------+',
          '| city  | mood |',
          '+=======+======+',
          '| 東京  | 😀   |',
          '+-------+------+',
          '| Paris | ok   |',
          '+-------+------+',
        ].join('\n'),
      );
      const cut = String(
        renderTable({ columns: ['v'], rows: [['漢'.repeat(50)]], maxCellWidth: 9 })['text/plain'],
      );
      expect(cut).to.include('| 漢漢漢漢… |');
    });
  });

  describe('%status report', () => {
    it('shows the official labels and skips missing fields', () => {
      const bundle = renderStatusReport({
        session: {
          id: 'sess-1',
          status: 'READY',
          role: 'arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
          createdOn: new Date(Date.UTC(2026, 0, 1, 10)),
          glueVersion: '4.0',
          command: { name: 'glueetl' },
          idleTimeout: 2880,
          workerType: 'G.1X',
          numberOfWorkers: 5,
          maxCapacity: 5,
          connections: ['session_vpc'],
        },
        tags: { team: 'analytics', billing: 'Data-Platform', owner: 'AROA:me' },
        region: 'us-east-1',
        identity: {
          arn: 'arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/nb',
          account: '222222222222',
          userId: 'AROA:nb',
        },
        timeout: 60,
      });
      expect(bundle['text/plain']).to.equal(
        [
          'Session ID: sess-1',
          'Status: READY',
          'Role: arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
          'CreatedOn: 2026-01-01T10:00:00.000Z',
          'GlueVersion: 4.0',
          'Session Type: glueetl',
          'Idle Timeout: 2880 minutes',
          'Timeout: 60 minutes',
          "Tags: {'team': 'analytics', 'billing': 'Data-Platform', 'owner': 'AROA:me'}",
          'Worker Type: G.1X',
          'Number of Workers: 5',
          'Region: us-east-1',
          'Connections: session_vpc',
          'Identity: arn:aws:sts::222222222222:assumed-role/GlueSessionCreationRole/nb',
        ].join('\n'),
      );
      expect(String(bundle['text/html'])).to.include('<th style="text-align:left">Session ID</th>');
    });
    it('shows Max Capacity only for sessions without a worker type', () => {
      const bundle = renderStatusReport({
        session: { id: 's', status: 'READY', maxCapacity: 2 },
        region: 'r',
      });
      expect(bundle['text/plain']).to.include('Max Capacity: 2');
    });
    it('survives a session with only an id and status, and a tags error', () => {
      const bundle = renderStatusReport({
        session: { id: 's', status: 'PROVISIONING' },
        tagsError: 'Unable to display tags due to missing glue:GetTags permission.',
        region: 'us-east-1',
      });
      expect(bundle['text/plain']).to.equal(
        'Session ID: s\nStatus: PROVISIONING\nTags: Unable to display tags due to missing glue:GetTags permission.\nRegion: us-east-1',
      );
    });
  });

  describe('session list', () => {
    it('says when there is nothing', () => {
      expect(renderSessionList([])).to.deep.equal({
        'text/plain': 'There are no sessions to list.',
      });
    });
    it('tables the sessions with the official headers', () => {
      const bundle = renderSessionList(
        [
          { id: 'a', status: 'READY', createdOn: new Date(Date.UTC(2026, 0, 1)) },
          { id: 'b<', status: 'STOPPED' },
        ],
        { tags: { team: 'analytics' }, currentId: 'a' },
      );
      const text = String(bundle['text/plain']);
      expect(text.split('\n')[0]).to.equal('The first 2 sessions are: (tags team=analytics)');
      const one = String(renderSessionList([{ id: 'a', status: 'READY' }])['text/plain']);
      expect(one.split('\n')[0]).to.equal('The first 1 session is:');
      expect(text).to.include('| SessionId   | Status  | CreatedOn                |');
      expect(text).to.include('| a (current) | READY   | 2026-01-01T00:00:00.000Z |');
      expect(String(bundle['text/html'])).to.include('<td>b&lt;</td>');
    });
  });

  describe('progress', () => {
    it('formats elapsed time', () => {
      expect(formatElapsed(0)).to.equal('0s');
      expect(formatElapsed(59_999)).to.equal('59s');
      expect(formatElapsed(125_000)).to.equal('2m 05s');
    });
    it('renders provisioning and statement progress as text and escaped HTML', () => {
      const p = renderProvisioningProgress('id<1>', 'PROVISIONING', 12_000);
      expect(p['text/plain']).to.equal('Session id<1>: PROVISIONING (12s)');
      expect(String(p['text/html'])).to.include('id&lt;1&gt;');
      const s = renderStatementProgress(3, 0.5, 4000);
      expect(s['text/plain']).to.equal('Statement 3 running [##########..........] 50% (4s)');
      expect(String(s['text/html'])).to.include('<progress max="100" value="50">');
      expect(renderStatementProgress(3, undefined, 4000)['text/plain']).to.equal(
        'Statement 3 running (4s)',
      );
    });
  });

  describe('statement output', () => {
    it('sends TextPlain to stdout', () => {
      expect(renderStatementOutput({ status: 'ok', data: { textPlain: 'hello' } })).to.deep.equal([
        { kind: 'stream', name: 'stdout', text: 'hello\n' },
      ]);
      expect(renderStatementOutput({ status: 'ok', data: { textPlain: '' } })).to.deep.equal([]);
      expect(renderStatementOutput(undefined)).to.deep.equal([]);
    });
    it('displays a base64 image and HTML, with the streams', () => {
      expect(
        renderStatementOutput({
          status: 'ok',
          data: {
            mimeType: 'image/png;base64',
            result: 'iVBORw0KGgo=\n',
            stdOut: 'out',
            stdErr: 'err',
          },
        }),
      ).to.deep.equal([
        { kind: 'stream', name: 'stdout', text: 'out\n' },
        { kind: 'stream', name: 'stderr', text: 'err\n' },
        {
          kind: 'display',
          data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': '<image/png image>' },
          metadata: { 'image/png': { width: 640, height: 480 } },
        },
      ]);
      expect(
        renderStatementOutput({ data: { mimeType: 'text/html', result: '<b>plot</b>' } }),
      ).to.deep.equal([
        { kind: 'display', data: { 'text/html': '<b>plot</b>', 'text/plain': 'plot' } },
      ]);
    });
  });

  describe('errors', () => {
    it('show ename: message and the hint, no JS stack, for expected errors', () => {
      const content = formatError(
        new KernelError('usage', 'Unknown magic %idle_timout (line 1).', {
          hint: 'Did you mean %idle_timeout?',
        }),
      );
      expect(content).to.deep.equal({
        ename: 'UsageError',
        evalue: 'Unknown magic %idle_timout (line 1).',
        traceback: [
          'UsageError: Unknown magic %idle_timout (line 1).',
          'Hint: Did you mean %idle_timeout?',
        ],
      });
    });
    it('pass remote tracebacks through unchanged', () => {
      const traceback = [
        'Traceback (most recent call last):\n',
        '  File "<stdin>", line 1, in <module>\n',
        "NameError: name 'x' is not defined\n",
      ];
      expect(
        formatError(
          new KernelError('remote', "name 'x' is not defined", { ename: 'NameError', traceback }),
        ),
      ).to.deep.equal({
        ename: 'NameError',
        evalue: "name 'x' is not defined",
        traceback,
      });
    });
    it("mask secrets a kernel error quotes, but not those of the user's own code", () => {
      const failed = formatError(
        new KernelError(
          'aws',
          'Session s1 failed: --extra-py-files: https:/user:S3CR3T@host/x.whl',
          {
            ename: 'SessionFailed',
            hint: 'Check https://user:S3CR3T@host.',
          },
        ),
      );
      expect(failed).to.deep.equal({
        ename: 'SessionFailed',
        evalue: 'Session s1 failed: --extra-py-files: https:/***@host/x.whl',
        traceback: [
          'SessionFailed: Session s1 failed: --extra-py-files: https:/***@host/x.whl',
          'Hint: Check https://***@host.',
        ],
      });
      const traceback = ['ValueError: bad url https://user:mine@host, token=mine\n'];
      expect(
        formatError(
          new KernelError('remote', 'bad url https://user:mine@host, token=mine', {
            ename: 'ValueError',
            traceback,
          }),
        ),
      ).to.deep.equal({
        ename: 'ValueError',
        evalue: 'bad url https://user:mine@host, token=mine',
        traceback,
      });
    });
    it('do not repeat the error name when the message opens with it', () => {
      const cancelled = formatError(
        new KernelError('cancelled', 'Interrupted: statement 4 was cancelled.'),
      );
      expect(cancelled).to.deep.equal({
        ename: 'Interrupted',
        evalue: 'Interrupted: statement 4 was cancelled.',
        traceback: ['Interrupted: statement 4 was cancelled.'],
      });
      expect(
        formatError(
          new KernelError('cancelled', 'Interrupted before line 3; the rest did not run.'),
        ).traceback,
      ).to.deep.equal(['Interrupted before line 3; the rest did not run.']);
      expect(
        formatError(new KernelError('state', 'InterruptedSession is not a name this uses.', {}))
          .traceback[0],
      ).to.equal('SessionStateError: InterruptedSession is not a name this uses.');
    });
    it('show the stack of internal errors, saying it is a bug', () => {
      const content = formatError(
        new KernelError('internal', 'boom', { cause: new Error('boom') }),
      );
      expect(content.traceback[0]).to.equal('InternalError: boom');
      expect(content.traceback[1]).to.include('This is a bug in glue-kernel');
      expect(content.traceback.slice(2).join('\n')).to.include('renderers.test.ts');
    });
  });

  it('help renders markdown sections and plain text', () => {
    const bundle = renderHelp({
      title: 'Available Magic Commands',
      intro: ['intro'],
      sections: [
        {
          name: 'Sessions Magic',
          rows: [{ label: '%region', kind: 'line', usage: '%region a|b', summary: 'Sets <it>' }],
        },
        { name: 'Empty', rows: [] },
      ],
    });
    expect(String(bundle['text/markdown'])).to.include(
      '| `%region` | line | `%region a\\|b` | Sets &lt;it> |',
    );
    expect(String(bundle['text/markdown'])).not.to.include('## Empty');
    expect(String(bundle['text/plain'])).to.include('%region  Sets <it>');
  });

  it('help lines up wide labels and underlines wide titles by their on-screen width', () => {
    const text = String(
      renderHelp({
        title: 'マジック',
        intro: [],
        sections: [
          {
            name: 'Sessions',
            rows: [
              { label: '%東京', kind: 'line', usage: '%東京', summary: 'wide' },
              { label: '%region', kind: 'line', usage: '%region', summary: 'narrow' },
            ],
          },
        ],
      })['text/plain'],
    );
    expect(text).to.include('マジック\n========\n');
    expect(text).to.include('%東京    wide\n%region  narrow');
  });
});
