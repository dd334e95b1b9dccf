/** STS query-protocol responses and errors, serialised with fast-xml-parser's XMLBuilder. */
import { XMLBuilder } from 'fast-xml-parser';
import type { AwsError, HttpResponse } from '../local-types.js';

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: false,
});

function xmlResponse(
  status: number,
  requestId: string,
  document: Record<string, unknown>,
): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document) as string}`,
  };
}

/** `<{Action}Response><{Action}Result>…</…><ResponseMetadata><RequestId>…` as AWS shapes it. */
export function stsResult(
  action: string,
  result: Record<string, unknown>,
  requestId: string,
): HttpResponse {
  return xmlResponse(200, requestId, {
    [`${action}Response`]: {
      '@_xmlns': NAMESPACE,
      [`${action}Result`]: result,
      ResponseMetadata: { RequestId: requestId },
    },
  });
}

/** `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code/><Message/></Error><RequestId/>`. */
export function stsError(error: AwsError, requestId: string): HttpResponse {
  return xmlResponse(error.status, requestId, {
    ErrorResponse: {
      '@_xmlns': NAMESPACE,
      Error: {
        Type: error.status >= 500 ? 'Receiver' : 'Sender',
        Code: error.code,
        Message: error.message,
      },
      RequestId: requestId,
    },
  });
}
