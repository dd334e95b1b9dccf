// Writes the example notebooks from plain cell lists, so their sources stay reviewable here.
import { writeFileSync } from 'node:fs';

function notebook(kernel, cells) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: kernel,
      language_info: { name: 'python', version: '3', mimetype: 'text/x-python', file_extension: '.py' },
    },
    cells: cells.map((c, i) => {
      if (typeof c === 'object' && 'markdown' in c) {
        return { cell_type: 'markdown', id: `cell-${i}`, metadata: {}, source: c.markdown };
      }
      const [source, tags] = typeof c === 'string' ? [c, []] : [c.source, c.tags ?? []];
      return {
        cell_type: 'code', id: `cell-${i}`, execution_count: null, outputs: [],
        metadata: tags.length ? { tags } : {}, source,
      };
    }),
  };
}

const md = (markdown) => ({ markdown });

const glueCode = `import sys
try:
    from awsglue.transforms import *
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext
    from awsglue.context import GlueContext
    from awsglue.job import Job

    sc = SparkContext.getOrCreate()
    glueContext = GlueContext(sc)
    spark = glueContext.spark_session
    job = Job(glueContext)
except ImportError as missing:
    # The local endpoint runs plain Python unless pyspark/awsglue are installed.
    print(f"Running without Glue libraries here ({missing.name} is not installed)")
print("Python", sys.version.split()[0], "is ready in the session")`;

const config = (withVpc) =>
  [
    '%region us-east-1',
    '%idle_timeout 2880',
    '%glue_version 4.0',
    '%worker_type G.1X',
    '%number_of_workers 5',
    '%iam_role arn:aws:iam::222222222222:role/AWSGlueServiceRole-blog',
    ...(withVpc ? ['%connections session_vpc'] : []),
  ].join('\n');

const scenario = notebook(
  { name: 'glue_kernel_pyspark_local', display_name: 'Glue PySpark (local)', language: 'python' },
  [
    md('# Cross-account Glue session in a VPC, with billing tags\n\nUser ISBlogUser of account A (111111111111) assumes GlueSessionCreationRole in account B (222222222222), whose policy denies `glue:CreateSession` outside the VPC of the `session_vpc` connection. The accounts, users, roles and policies are in `scenario-accounts.json` beside this notebook (its format: `docs/local-accounts.md`). Open it with the **Glue PySpark (local)** kernel, or run it with `npm run demo`.'),
    '# The local endpoint with the accounts of this scenario (a path relative to this notebook)\n%endpoint local --accounts scenario-accounts.json',
    '# Configure the role we assume for creating the sessions\n%%assume_role\n"arn:aws:iam::222222222222:role/GlueSessionCreationRole"',
    "%%tags\n{'team':'analytics', 'billing':'Data-Platform'}",
    config(false),
    md("## First attempt: no VPC connection, so account B's policy denies CreateSession"),
    { source: glueCode, tags: ['raises-exception'] },
    md('## Add the VPC connection and run the set-up again'),
    config(true),
    glueCode,
    'counts = {"rows": sum(range(101))}\ncounts',
    '%status',
    '%list_sessions --tags team=analytics',
    '%stop_session',
  ],
);

writeFileSync(new URL('../notebooks/scenario.ipynb', import.meta.url), JSON.stringify(scenario, null, 1) + '\n');

const quickStart = notebook(
  { name: 'glue_kernel_pyspark_local', display_name: 'Glue PySpark (local)', language: 'python' },
  [
    md('# Quick start\n\nMagics configure the session; the first code cell creates it. With the local kernel no AWS account is needed.'),
    '%help',
    '%idle_timeout 30\n%worker_type G.1X\n%number_of_workers 2',
    'print("hello from the session")\n1 + 1',
    '%status',
    '%stop_session',
  ],
);
writeFileSync(new URL('../notebooks/quick-start.ipynb', import.meta.url), JSON.stringify(quickStart, null, 1) + '\n');
