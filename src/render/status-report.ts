import type { MimeBundle } from '../kernel-api/interpreter.js';
import type { SessionStatusReport } from '../session/session-service.js';
import { escapeHtml } from './mime.js';
import { maskSecretValues, maskSecretsInText } from '../util/secrets.js';
import { pythonStringDict } from './python-text.js';

/** %status: the official labels, one per line, skipping what the session does not report. */

export function statusLines(report: SessionStatusReport): [string, string][] {
  const s = report.session;
  const lines: [string, string | undefined][] = [
    ['Session ID', s.id],
    ['Status', s.status],
    ['Role', s.role],
    ['CreatedOn', s.createdOn?.toISOString()],
    ['GlueVersion', s.glueVersion],
    ['Session Type', s.command?.name],
    ['Idle Timeout', s.idleTimeout === undefined ? undefined : `${s.idleTimeout} minutes`],
    ['Timeout', report.timeout === undefined ? undefined : `${report.timeout} minutes`],
    [
      'Tags',
      report.tags !== undefined
        ? pythonStringDict(maskSecretValues(report.tags))
        : report.tagsError,
    ],
    ['Worker Type', s.workerType],
    ['Number of Workers', s.numberOfWorkers?.toString()],
    // Glue reports a MaxCapacity for worker-type sessions too; it only means something without one.
    ['Max Capacity', s.workerType === undefined ? s.maxCapacity?.toString() : undefined],
    ['Region', report.region],
    [
      'Connections',
      s.connections && s.connections.length > 0 ? s.connections.join(', ') : undefined,
    ],
    ['Security Configuration', s.securityConfiguration],
    // The official label; these are the session's own arguments (GetSession), secrets masked
    // by the caller.
    [
      'Arguments Passed',
      s.defaultArguments === undefined
        ? undefined
        : Object.entries(s.defaultArguments)
            .map(([key, value]) => `${key} ${value}`)
            .join(', '),
    ],
    // Glue's reason may quote a setting (a module URL with user info).
    ['Error Message', s.errorMessage === undefined ? undefined : maskSecretsInText(s.errorMessage)],
    ['Identity', report.identity?.arn],
    ['Credentials Expire', report.identity?.expiration?.toISOString()],
  ];
  return lines.filter((l): l is [string, string] => l[1] !== undefined && l[1] !== '');
}

export function renderStatusReport(report: SessionStatusReport): MimeBundle {
  const lines = statusLines(report);
  const text = lines.map(([label, value]) => `${label}: ${value}`).join('\n');
  const rows = lines
    .map(
      ([label, value]) =>
        `<tr><th style="text-align:left">${escapeHtml(label)}</th><td style="text-align:left">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  return { 'text/plain': text, 'text/html': `<table>${rows}</table>` };
}
