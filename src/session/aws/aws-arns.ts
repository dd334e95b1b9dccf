/**
 * ARN arithmetic the session layer needs: the partition of a region (the official kernel got it
 * wrong for the ISO regions), the session ARN for GetTags/TagResource, and the role behind an
 * assumed-role caller (used as the session role when none is configured).
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

export function sessionArn(region: string, account: string, sessionId: string): string {
  return `arn:${partitionOf(region)}:glue:${region}:${account}:session/${sessionId}`;
}

/**
 * `arn:aws:sts::ACCT:assumed-role/NAME/SESSION` → `arn:aws:iam::ACCT:role/NAME`. The role's path
 * is not in the assumed-role ARN; Glue accepts the path-less ARN for roles without a path.
 */
export function roleFromAssumedRoleArn(arn: string): string | undefined {
  const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

/** The shape CreateSession's Role must have (service pattern `arn:aws[^:]*:iam::[0-9]*:role/.+`). */
export function isRoleArn(value: string): boolean {
  return /^arn:aws[^:]*:iam::\d{12}:role\/.+$/.test(value) && value.length <= 2048;
}
