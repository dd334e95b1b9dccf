/**
 * The background requests editors send on their own (store_history false, so never counted),
 * before and after every cell. Run remotely, each would be a billed Glue statement: the known ones
 * are answered here with an empty ok reply, and this list is the one place that says which.
 * Any other silent request runs as Jupyter specifies (remotely, once a session is ready).
 */
export interface EditorProbe {
  editor: string;
  /** What the editor asks with it. */
  purpose: string;
  matches(code: string): boolean;
}

export const EDITOR_PROBES: readonly EditorProbe[] = [
  {
    editor: 'VS Code',
    purpose: 'variable view and data viewer helpers (code using _VSCODE_… names)',
    matches: (code) => /\b_VSCODE_\w+/.test(code),
  },
  {
    editor: 'VS Code',
    purpose: 'the notebook file path (__vsc_ipynb_file__ = "...")',
    matches: (code) => /\b__vsc_ipynb_file__\b/.test(code),
  },
  {
    editor: 'VS Code, JupyterLab extensions',
    purpose: 'IPython settings such as %config Completer.use_jedi = False',
    matches: (code) => /^\s*%config\b/.test(code),
  },
];

export function isEditorProbe(code: string): boolean {
  return EDITOR_PROBES.some((probe) => probe.matches(code));
}
