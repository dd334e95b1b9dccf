import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBotocoreModel } from '../../scripts/extract-glue-model.mjs';
import { repoRoot } from './venv.js';

/**
 * Checked-in Glue responses (test/fixtures/glue/<operation>/<case>.json), shaped as the service
 * sends them: the published model (botocore's service-2.json) plus, for GetStatement, the
 * extended `Output.Data` members Glue's REPL returns for %matplot and Ray (`MimeType`, `Result`,
 * `StdOut`, `StdErr`), as the official kernel reads them. The same files feed the SDK gateway's
 * parser and the local endpoint's output checks, so neither side checks itself.
 */
export const GET_STATEMENT_FIXTURES = [
  'text-plain',
  'remote-error',
  'matplot-image',
  'inline-streams',
  'running',
] as const;
export type GetStatementFixture = (typeof GET_STATEMENT_FIXTURES)[number];

export function getStatementFixture(name: GetStatementFixture): {
  Statement: Record<string, unknown>;
} {
  return JSON.parse(fixtureText(name)) as { Statement: Record<string, unknown> };
}

export function fixtureText(name: GetStatementFixture): string {
  return readFileSync(
    join(repoRoot, 'test', 'fixtures', 'glue', 'get-statement', `${name}.json`),
    'utf8',
  );
}

/** Members beyond the published model, per structure, that Glue is known to send. */
export const GLUE_EXTENSIONS: Record<string, string[]> = {
  StatementOutputData: ['MimeType', 'Result', 'StdOut', 'StdErr'],
};

interface ShapeRef {
  shape: string;
}
interface Shape {
  type: string;
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  value?: ShapeRef;
}
export interface ServiceModel {
  shapes: Record<string, Shape>;
}

/** botocore's published Glue model in the test venv; undefined when the venv lacks botocore. */
export function botocoreGlueModel(): ServiceModel | undefined {
  try {
    return loadBotocoreModel() as ServiceModel;
  } catch {
    return undefined;
  }
}

/**
 * Where `value` departs from the model's shape `shapeName`: wrong types, unknown members (other
 * than GLUE_EXTENSIONS, which must be strings), missing required members. Enum values are not
 * checked, as SDKs accept unknown ones and Glue sends `Status: "ok" | "error"` where the model
 * names the StatementState enum.
 */
export function modelProblems(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path = '$',
): string[] {
  const shape = model.shapes[shapeName];
  if (!shape) return [`${path}: no shape ${shapeName} in the model`];
  const wrong = (what: string) => [
    `${path}: expected ${what} (${shapeName}), got ${JSON.stringify(value)}`,
  ];
  switch (shape.type) {
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return wrong('an object');
      const problems: string[] = [];
      for (const [key, member] of Object.entries(value)) {
        const ref = shape.members?.[key];
        if (ref) problems.push(...modelProblems(model, ref.shape, member, `${path}.${key}`));
        else if (GLUE_EXTENSIONS[shapeName]?.includes(key)) {
          if (typeof member !== 'string') problems.push(`${path}.${key}: expected a string`);
        } else problems.push(`${path}.${key}: not a member of ${shapeName}`);
      }
      for (const key of shape.required ?? [])
        if (!(key in value)) problems.push(`${path}.${key}: required by ${shapeName}`);
      return problems;
    }
    case 'list':
      if (!Array.isArray(value)) return wrong('an array');
      return value.flatMap((item, i) =>
        modelProblems(model, shape.member!.shape, item, `${path}[${i}]`),
      );
    case 'map':
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return wrong('an object');
      return Object.entries(value).flatMap(([k, v]) =>
        modelProblems(model, shape.value!.shape, v, `${path}.${k}`),
      );
    case 'string':
    case 'blob':
      return typeof value === 'string' ? [] : wrong('a string');
    case 'integer':
    case 'long':
      return Number.isInteger(value) ? [] : wrong('an integer');
    case 'double':
    case 'float':
      return typeof value === 'number' ? [] : wrong('a number');
    case 'boolean':
      return typeof value === 'boolean' ? [] : wrong('a boolean');
    case 'timestamp':
      return typeof value === 'number' || typeof value === 'string' ? [] : wrong('a timestamp');
    default:
      return [`${path}: shape type ${shape.type} is not checked here`];
  }
}
