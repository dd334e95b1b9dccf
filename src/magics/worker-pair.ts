import type { SessionService } from '../session/session-service.js';
import type { CellPlan } from './cell-plan.js';

/**
 * Glue takes WorkerType and NumberOfWorkers together or not at all, so one without the other
 * would only fail at the next session's creation, maybe many cells later. A cell that leaves
 * exactly one of them set gets a notice when it runs (not an error: the other may follow).
 */
export function workerPairNotice(plan: CellPlan, session: SessionService): string | undefined {
  const touched = plan.steps.some(
    (step) =>
      step.kind === 'magic' && ('workerType' in step.patch || 'numberOfWorkers' in step.patch),
  );
  if (!touched) return undefined;
  const workerType = session.resolve('workerType')?.value;
  const workers = session.resolve('numberOfWorkers')?.value;
  if (workers !== undefined && workerType === undefined) {
    return `Note: the number of workers (${workers}) is set but the worker type is not; Glue needs both, so set one with %worker_type (e.g. %worker_type G.1X) before the next session is created.\n`;
  }
  if (workerType !== undefined && workers === undefined) {
    return `Note: the worker type (${workerType}) is set but the number of workers is not; Glue needs both, so set it with %number_of_workers (e.g. %number_of_workers 5) before the next session is created.\n`;
  }
  return undefined;
}
