import { errorMessage } from '../../errors.js';
import type { AwsAccess } from '../aws/aws-access.js';
import type { SessionInfo } from '../glue-types.js';
import { listSessionsPaged, type ListingQuery } from './session-listing.js';
import type { SessionStatusReport } from '../session-service.js';

/**
 * Looking at sessions without changing them: the %status report of one session (with who is
 * asking and its tags) and the %list_sessions listing, through the current AWS access.
 */
export class SessionInspector {
  constructor(private readonly access: AwsAccess) {}

  /**
   * GetSession, then the caller and the session's tags; a failure of the latter two is reported
   * in the result rather than thrown, as the session's own status is what was asked for.
   */
  async status(id: string, timeout?: number, signal?: AbortSignal): Promise<SessionStatusReport> {
    const gateway = this.access.gateway();
    const region = this.access.region();
    const session = await gateway.send('GetSession', { id }, signal);
    const report: SessionStatusReport = { session, region, timeout };
    try {
      report.identity = await this.access.identity(signal);
      report.tags = await gateway.send(
        'GetTags',
        { resourceArn: await this.access.sessionArn(id, signal) },
        signal,
      );
    } catch (err) {
      report.tagsError = errorMessage(err);
    }
    return report;
  }

  list(query: ListingQuery, signal?: AbortSignal): Promise<SessionInfo[]> {
    const arnOf = (id: string): Promise<string> => this.access.sessionArn(id, signal);
    return listSessionsPaged(this.access.gateway(), query, arnOf, signal);
  }
}
