import { expect } from 'chai';
import { KernelError } from '../../../src/errors.js';
import { parseCell } from '../../../src/magics/cell-parser.js';

describe('parseCell', () => {
  const cases: { title: string; cell: string; expected: ReturnType<typeof parseCell> }[] = [
    {
      title: 'plain code is all remote code',
      cell: 'x = 1\nprint(x)',
      expected: { items: [], code: { text: 'x = 1\nprint(x)', line: 1 } },
    },
    {
      title: 'scenario cell 3: line magics one per line, no code',
      cell: '%idle_timeout 2880\n%glue_version 4.0\n%worker_type G.1X\n%number_of_workers 5\n%iam_role arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
      expected: {
        items: [
          { kind: 'line-magic', name: 'idle_timeout', arg: '2880', line: 1 },
          { kind: 'line-magic', name: 'glue_version', arg: '4.0', line: 2 },
          { kind: 'line-magic', name: 'worker_type', arg: 'G.1X', line: 3 },
          { kind: 'line-magic', name: 'number_of_workers', arg: '5', line: 4 },
          {
            kind: 'line-magic',
            name: 'iam_role',
            arg: 'arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
            line: 5,
          },
        ],
      },
    },
    {
      title: 'scenario cell 1: a comment before %%assume_role is skipped',
      cell: '# Configure the role we assume for creating the sessions\n%%assume_role\n"arn:aws:iam::222222222222:role/GlueSessionCreationRole"',
      expected: {
        items: [
          {
            kind: 'cell-magic',
            name: 'assume_role',
            arg: '',
            body: '"arn:aws:iam::222222222222:role/GlueSessionCreationRole"',
            line: 2,
          },
        ],
      },
    },
    {
      title: 'scenario cell 2: %%tags takes the rest of the cell',
      cell: "%%tags\n{'team':'analytics', 'billing':'Data-Platform'}",
      expected: {
        items: [
          {
            kind: 'cell-magic',
            name: 'tags',
            arg: '',
            body: "{'team':'analytics', 'billing':'Data-Platform'}",
            line: 1,
          },
        ],
      },
    },
    {
      title:
        'blank lines and comments among magics are skipped; code starts at the first other line',
      cell: '%region us-east-1\n\n# a comment\n%connections session_vpc\nimport sys\n# remote comment\n%matplot plt',
      expected: {
        items: [
          { kind: 'line-magic', name: 'region', arg: 'us-east-1', line: 1 },
          { kind: 'line-magic', name: 'connections', arg: 'session_vpc', line: 4 },
        ],
        code: { text: 'import sys\n# remote comment\n%matplot plt', line: 5 },
      },
    },
    {
      title: '! lines are local commands kept in order with the magics',
      cell: '!pip show boto3\n%region eu-west-1\n!aws glue list-sessions --tags team=analytics',
      expected: {
        items: [
          { kind: 'shell', command: 'pip show boto3', line: 1 },
          { kind: 'line-magic', name: 'region', arg: 'eu-west-1', line: 2 },
          { kind: 'shell', command: 'aws glue list-sessions --tags team=analytics', line: 3 },
        ],
      },
    },
    {
      title: '%%sql with -n after line magics',
      cell: '%region us-east-1\n%%sql -n 5\nSELECT *\nFROM t',
      expected: {
        items: [
          { kind: 'line-magic', name: 'region', arg: 'us-east-1', line: 1 },
          { kind: 'cell-magic', name: 'sql', arg: '-n 5', body: 'SELECT *\nFROM t', line: 2 },
        ],
      },
    },
    {
      title: 'an indented % line is code, and trailing whitespace of arguments is dropped',
      cell: '%timeout 60   \n  %region us-east-1',
      expected: {
        items: [{ kind: 'line-magic', name: 'timeout', arg: '60', line: 1 }],
        code: { text: '  %region us-east-1', line: 2 },
      },
    },
    {
      title: 'CRLF line ends',
      cell: '%etl\r\nprint(1)\r\n',
      expected: {
        items: [{ kind: 'line-magic', name: 'etl', arg: '', line: 1 }],
        code: { text: 'print(1)', line: 2 },
      },
    },
    { title: 'an empty cell', cell: '', expected: { items: [] } },
    { title: 'only comments', cell: '# nothing\n\n', expected: { items: [] } },
  ];

  for (const c of cases) {
    it(c.title, () => {
      expect(parseCell(c.cell)).to.deep.equal(c.expected);
    });
  }

  const bad: { cell: string; message: RegExp }[] = [
    { cell: '%', message: /Line 1: '%' must be followed by a magic name/ },
    { cell: '%region x\n%%', message: /Line 2: '%%' must be followed/ },
    { cell: '%idle-timeout 5', message: /'%idle-timeout' is not a valid magic name/ },
    { cell: '!   ', message: /Line 1: a '!' line needs a shell command/ },
  ];
  for (const b of bad) {
    it(`usage error for ${JSON.stringify(b.cell)}`, () => {
      let thrown: unknown;
      try {
        parseCell(b.cell);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).to.be.instanceOf(KernelError);
      expect((thrown as KernelError).kind).to.equal('usage');
      expect((thrown as KernelError).message).to.match(b.message);
      expect((thrown as KernelError).hint).to.be.a('string');
    });
  }
});
