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

// The blog's set-up cell, verbatim: local sessions offer our awsglue on PySpark.
const glueCode = `from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job
sc = SparkContext.getOrCreate()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)`;

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
    'counts = {"rows": spark.range(101).groupBy().sum("id").first()[0]}\ncounts',
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

// Glue ETL offline: raw CSV and JSON in the bucket `raw-data` (mapped to notebooks/data/raw by
// glue-etl-accounts.json), the Data Catalog through the AWS CLI, and a bookmarked second run.
const seedCell = `import sys
from awsglue.transforms import *
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from awsglue.context import GlueContext
from awsglue.job import Job

sc = SparkContext.getOrCreate()
glueContext = GlueContext(sc)
spark = glueContext.spark_session
job = Job(glueContext)
args = getResolvedOptions(sys.argv, ["JOB_NAME"])
job.init(args["JOB_NAME"], args)`;

const readLanding = (name, label) => `${name} = glueContext.create_dynamic_frame.from_options(
    connection_type="s3",
    connection_options={"paths": ["s3://landing/orders/"], "recurse": True},
    format="csv",
    format_options={"withHeader": True},
    transformation_ctx="orders_source",
)
print("${label}:", ${name}.count())`;

const glueEtl = notebook(
  { name: 'glue_kernel_pyspark_local', display_name: 'Glue PySpark (local)', language: 'python' },
  [
    md('# Glue ETL offline\n\nRaw orders (CSV) arrive in the bucket `landing`; customers (JSON lines) sit in `raw-data`, which `glue-etl-accounts.json` maps to `notebooks/data/raw`. The notebook cleans and joins them with `awsglue` transforms, writes partitioned Parquet to `lake`, registers tables in the Data Catalog with the AWS CLI, and runs the job a second time with a job bookmark so that only the new file is read. Run it with `npx glue-kernel run --local notebooks/glue-etl.ipynb` (it is part of `npm run demo`).'),
    '# The local endpoint with this notebook\'s account and buckets (a path relative to the notebook)\n%endpoint local --accounts glue-etl-accounts.json',
    '%iam_role arn:aws:iam::123456789012:role/GlueETLRole\n%glue_version 5.0\n%worker_type G.1X\n%number_of_workers 2\n%spark_conf spark.sql.shuffle.partitions=4',
    '%%configure\n{"--JOB_NAME": "orders_etl", "--job-bookmark-option": "job-bookmark-enable"}',
    md('## Land the first batch and define the catalog (local shell commands, AWS CLI against the local endpoint)'),
    [
      '!aws s3 rm s3://landing/orders/ --recursive --quiet || true',
      '!aws s3 cp data/raw/orders/2024-01.csv s3://landing/orders/2024-01.csv --quiet',
      '!aws glue delete-database --name sales 2>/dev/null || true',
      '!aws glue create-database --database-input \'{"Name": "sales", "Description": "Orders and customers"}\'',
      '!aws glue create-table --cli-input-json file://data/catalog/customers-table.json',
      '!aws glue get-tables --database-name sales --query "TableList[].Name" --output text',
    ].join('\n'),
    md('## The job'),
    seedCell,
    readLanding('orders_raw', 'orders read') + '\norders_raw.printSchema()',
    `orders = ApplyMapping.apply(
    frame=orders_raw,
    mappings=[
        ("order_id", "string", "order_id", "long"),
        ("customer_id", "string", "customer_id", "string"),
        ("amount", "string", "amount", "double"),
        ("order_date", "string", "order_date", "date"),
        ("status", "string", "status", "string"),
    ],
    transformation_ctx="orders_mapped",
)
orders = Filter.apply(frame=orders, f=lambda order: order["status"] != "cancelled")
orders.toDF().orderBy("order_id").show()`,
    `customers = glueContext.create_dynamic_frame.from_options(
    connection_type="s3",
    connection_options={"paths": ["s3://raw-data/customers/"]},
    format="json",
)
customers.printSchema()  # address.zip is a choice: numbers in some records, strings in others`,
    `customers = ResolveChoice.apply(frame=customers, specs=[("address.zip", "cast:string")])
tables = Relationalize.apply(frame=customers, staging_path="s3://lake/tmp/relationalize/", name="customers")
print(sorted(tables.keys()))
customers_flat = tables.select("customers")
customers_flat.toDF().select("id", "name", "country", "\`address.city\`", "\`address.zip\`").orderBy("id").show()`,
    `enriched = Join.apply(orders, customers_flat, "customer_id", "id").drop_fields(["id", "phones"])
glueContext.write_dynamic_frame.from_options(
    frame=enriched,
    connection_type="s3",
    connection_options={"path": "s3://lake/orders_enriched/", "partitionKeys": ["country"]},
    format="parquet",
)
spark.read.parquet("s3://lake/orders_enriched/").createOrReplaceTempView("orders_enriched")`,
    '%%sql\nSELECT country, count(*) AS orders, round(sum(amount), 2) AS revenue\nFROM orders_enriched GROUP BY country ORDER BY country',
    md('## The Data Catalog from the notebook'),
    `from_catalog = glueContext.create_dynamic_frame.from_catalog(database="sales", table_name="customers")
print("customers in the catalog table:", from_catalog.count())
spark.sql("SELECT name, address.city FROM sales.customers WHERE country = 'US' ORDER BY name").show()
enriched.toDF().write.mode("overwrite").partitionBy("country").format("parquet") \\
    .option("path", "s3://lake/orders_by_country/").saveAsTable("sales.orders_by_country")`,
    '!aws glue get-partitions --database-name sales --table-name orders_by_country --query "Partitions[].Values[]" --output text',
    md('## A second run with the job bookmark: only the new file is read'),
    'job.commit()',
    '!aws s3 cp data/incoming/2024-02.csv s3://landing/orders/2024-02.csv --quiet\njob.init(args["JOB_NAME"], args)\n' +
      readLanding('new_orders', 'new orders read') +
      '\njob.commit()',
    '%stop_session',
  ],
);
writeFileSync(new URL('../notebooks/glue-etl.ipynb', import.meta.url), JSON.stringify(glueEtl, null, 1) + '\n');
