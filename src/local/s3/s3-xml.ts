/**
 * S3's REST XML: response documents and errors built, request documents (DeleteObjects,
 * CompleteMultipartUpload) parsed, with fast-xml-parser as the STS side does.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { AwsError } from '../local-types.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'Object' || name === 'Part',
});

/** `<?xml …?><Root xmlns="…">…</Root>`; arrays become repeated elements. */
export function s3Document(root: string, content: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${
    builder.build({ [root]: { '@_xmlns': S3_NAMESPACE, ...content } }) as string
  }`;
}

/** S3's error document (no namespace), with the resource and request id. */
export function s3ErrorDocument(
  error: AwsError,
  resource: string,
  requestId: string,
  extra: Record<string, string> = {},
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${
    builder.build({
      Error: {
        Code: error.code,
        Message: error.message,
        ...extra,
        Resource: resource,
        RequestId: requestId,
      },
    }) as string
  }`;
}

function parse(body: Buffer, root: string): Record<string, unknown> {
  let parsed: Record<string, unknown>;
  try {
    parsed = parser.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  const content = parsed[root];
  if (typeof content !== 'object' || content === null) {
    throw new AwsError(
      'MalformedXML',
      `The XML you provided was not well-formed or did not validate against our published schema (expected a <${root}> document).`,
    );
  }
  return content as Record<string, unknown>;
}

/** DeleteObjects: `<Delete><Object><Key>…</Key></Object>…<Quiet>true</Quiet></Delete>`. */
export function parseDelete(body: Buffer): { keys: string[]; quiet: boolean } {
  const content = parse(body, 'Delete');
  const objects = (content.Object ?? []) as { Key?: unknown }[];
  const keys = objects.map((object) => (typeof object.Key === 'string' ? object.Key : ''));
  if (keys.length === 0 || keys.length > 1000 || keys.some((key) => key === '')) {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema (1 to 1000 <Object><Key> entries).',
    );
  }
  return { keys, quiet: String(content.Quiet ?? 'false').trim() === 'true' };
}

/** CompleteMultipartUpload: the parts in the order given, with their ETags. */
export function parseCompleteUpload(body: Buffer): { partNumber: number; etag: string }[] {
  const content = parse(body, 'CompleteMultipartUpload');
  const parts = (content.Part ?? []) as { PartNumber?: unknown; ETag?: unknown }[];
  return parts.map((part) => ({
    partNumber: Number(part.PartNumber),
    etag: String(part.ETag ?? '').replace(/&quot;/g, '"'),
  }));
}
