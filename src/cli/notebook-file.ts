/**
 * Reading and writing nbformat 4 notebooks for `glue-kernel run`: only the fields the runner
 * touches are typed; everything else is kept as it was.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { NotebookOutput } from './notebook-outputs.js';

export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: unknown; [key: string]: unknown };
  execution_count?: number | null;
  outputs?: NotebookOutput[];
  [key: string]: unknown;
}

export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name?: unknown; language?: unknown }; [key: string]: unknown };
  cells: NotebookCell[];
}

export class NotebookError extends Error {}

export async function readNotebook(path: string): Promise<Notebook> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new NotebookError(
      `Cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new NotebookError(`${path} is not a notebook: it is not valid JSON.`);
  }
  const notebook = raw as Partial<Notebook>;
  if (
    typeof raw !== 'object' ||
    raw === null ||
    notebook.nbformat !== 4 ||
    !Array.isArray(notebook.cells)
  ) {
    throw new NotebookError(
      `${path} is not an nbformat 4 notebook; convert it with \`jupyter nbconvert --to notebook\`.`,
    );
  }
  return { ...notebook, metadata: notebook.metadata ?? {} } as Notebook;
}

export async function writeNotebook(path: string, notebook: Notebook): Promise<void> {
  await writeFile(path, `${JSON.stringify(notebook, null, 1)}\n`);
}

export function sourceText(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

export function hasTag(cell: NotebookCell, tag: string): boolean {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags) && tags.includes(tag);
}
