import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * LOCAL ONLY. S3's checks of a browser POST (AWS Signature Version 4), for the local upload gate (upload-gate.ts): the
 * emulator stores whatever it is sent, so without these the local stack would accept uploads S3 refuses. Follows AWS's
 * "Authenticating Requests: Browser-Based Uploads Using POST (AWS Signature Version 4)" and "Creating a POST policy".
 */

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

/** A refusal as S3 answers it: the HTTP status, the XML error's Code and Message, and any extra elements. */
export interface S3Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, string>>;
}

/** What an accepted POST asks to store. */
export interface AcceptedPost {
  readonly key: string;
  readonly contentType: string;
  /** x-amz-meta-* fields, without the prefix (S3 keeps metadata names lowercase). */
  readonly metadata: Readonly<Record<string, string>>;
  readonly successActionRedirect?: string;
  readonly successActionStatus?: string;
}

export type PostVerdict = { readonly accepted: AcceptedPost } | { readonly refused: S3Refusal };

export interface PostForm {
  /** The bucket the POST was sent to (from the URL). */
  readonly bucket: string;
  /** Every form field before the file, names lowercased (S3 compares field names case-insensitively). */
  readonly fields: ReadonlyMap<string, string>;
  readonly fileName: string;
  readonly fileSize: number;
}

/** Fields every POST may carry without the policy naming them. */
const EXEMPT = new Set(['x-amz-signature', 'file', 'policy']);
const ALGORITHM = 'AWS4-HMAC-SHA256';

const accessDenied = (message: string): S3Refusal => ({ status: 403, code: 'AccessDenied', message });
const invalidPolicy = (why: string): S3Refusal => accessDenied(`Invalid according to Policy: ${why}`);
const invalidArgument = (message: string, name?: string, value?: string): S3Refusal => ({
  status: 400, code: 'InvalidArgument', message, details: name ? { ArgumentName: name, ArgumentValue: value ?? '' } : undefined,
});

/** Checks a POST as S3 does: signature, algorithm and credential, expiry, every condition, and no field the policy does not name. */
export function checkPost(form: PostForm, credentials: SigningCredentials, now: Date): PostVerdict {
  const { fields } = form;
  const encodedPolicy = fields.get('policy');
  if (encodedPolicy === undefined) return { refused: accessDenied('Access Denied') };
  const algorithm = fields.get('x-amz-algorithm');
  if (algorithm !== ALGORITHM) return { refused: invalidArgument(`Only ${ALGORITHM} is supported for a POST signed with Signature Version 4.`, 'x-amz-algorithm', algorithm) };
  const credential = fields.get('x-amz-credential') ?? '';
  const scope = parseCredential(credential);
  if (!scope) return { refused: invalidArgument('Invalid credential: expected <key id>/<yyyymmdd>/<region>/s3/aws4_request.', 'x-amz-credential', credential) };
  if (scope.accessKeyId !== credentials.accessKeyId) {
    return { refused: { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.', details: { AWSAccessKeyId: scope.accessKeyId } } };
  }
  const amzDate = fields.get('x-amz-date') ?? '';
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== scope.date || scope.region !== credentials.region) {
    return { refused: invalidArgument('The x-amz-date and the credential scope do not match this request.', 'x-amz-date', amzDate) };
  }
  const expected = postSignature(encodedPolicy, credentials.secretAccessKey, scope.date, scope.region);
  if (!sameHex(fields.get('x-amz-signature') ?? '', expected)) {
    return { refused: { status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' } };
  }

  const policy = parsePolicy(encodedPolicy);
  if (!policy) return { refused: invalidPolicy('Policy could not be parsed as a valid JSON string.') };
  if (!(Date.parse(policy.expiration) > now.getTime())) return { refused: invalidPolicy('Policy expired.') };

  const key = (fields.get('key') ?? '').replace('${filename}', form.fileName);
  const valueOf = (name: string) => (name === 'bucket' ? form.bucket : name === 'key' ? key : fields.get(name) ?? '');
  const named = new Set<string>();
  for (const condition of policy.conditions) {
    const outcome = checkCondition(condition, valueOf, form.fileSize);
    if (outcome === 'malformed') return { refused: invalidPolicy(`Policy Condition is invalid: ${JSON.stringify(condition)}`) };
    if (typeof outcome === 'object') return { refused: outcome };
    if (outcome !== true) return { refused: invalidPolicy(`Policy Condition failed: ${JSON.stringify(condition)}`) };
    const field = conditionField(condition);
    if (field) named.add(field);
  }
  const extra = [...fields.keys()].filter((name) => !EXEMPT.has(name) && !name.startsWith('x-ignore-') && !named.has(name));
  if (extra.length > 0) return { refused: invalidPolicy(`Extra input fields: ${extra.join(', ')}`) };
  if (key === '') return { refused: invalidArgument('Bucket POST must contain a field named \'key\'.  If it is specified, please check the order of the fields.', 'key', '') };

  const metadata = Object.fromEntries([...fields].filter(([name]) => name.startsWith('x-amz-meta-')).map(([name, value]) => [name.slice('x-amz-meta-'.length), value]));
  return {
    accepted: {
      key,
      contentType: fields.get('content-type') ?? 'binary/octet-stream',
      metadata,
      successActionRedirect: fields.get('success_action_redirect') ?? fields.get('redirect'),
      successActionStatus: fields.get('success_action_status'),
    },
  };
}

/** hex(HMAC-SHA256(signing key, base64 policy)): the POST's string to sign is the policy as sent. */
export function postSignature(encodedPolicy: string, secretAccessKey: string, date: string, region: string): string {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), 's3'), 'aws4_request');
  return createHmac('sha256', signingKey).update(encodedPolicy, 'utf8').digest('hex');
}

interface Policy {
  readonly expiration: string;
  readonly conditions: readonly unknown[];
}

function parsePolicy(encoded: string): Policy | undefined {
  try {
    const policy = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Partial<Policy>;
    return typeof policy.expiration === 'string' && Array.isArray(policy.conditions) ? (policy as Policy) : undefined;
  } catch {
    return undefined;
  }
}

function parseCredential(credential: string) {
  const [accessKeyId, date, region, service, terminator, ...rest] = credential.split('/');
  if (!accessKeyId || !date || !/^\d{8}$/.test(date) || !region || service !== 's3' || terminator !== 'aws4_request' || rest.length > 0) return undefined;
  return { accessKeyId, date, region };
}

/** The form field a condition is about (lowercased), if any: `{"key": …}`, `["eq", "$key", …]`. */
function conditionField(condition: unknown): string | undefined {
  if (Array.isArray(condition)) return typeof condition[1] === 'string' && condition[1].startsWith('$') ? condition[1].slice(1).toLowerCase() : undefined;
  if (typeof condition === 'object' && condition !== null) return Object.keys(condition)[0]?.toLowerCase();
  return undefined;
}

/** true when met, false when not, an S3Refusal for a size outside the range, 'malformed' for a condition S3 would not parse. */
function checkCondition(condition: unknown, valueOf: (field: string) => string, size: number): boolean | S3Refusal | 'malformed' {
  if (Array.isArray(condition)) {
    const [operator, subject, expected] = condition as unknown[];
    if (operator === 'content-length-range') {
      const min = Number(subject);
      const max = Number(expected);
      if (condition.length !== 3 || !Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) return 'malformed';
      if (size > max) return { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size', details: { ProposedSize: String(size), MaxSizeAllowed: String(max) } };
      if (size < min) return { status: 400, code: 'EntityTooSmall', message: 'Your proposed upload is smaller than the minimum allowed size', details: { ProposedSize: String(size), MinSizeAllowed: String(min) } };
      return true;
    }
    if (condition.length !== 3 || typeof subject !== 'string' || !subject.startsWith('$') || typeof expected !== 'string') return 'malformed';
    const actual = valueOf(subject.slice(1).toLowerCase());
    if (operator === 'eq') return actual === expected;
    if (operator === 'starts-with') return actual.startsWith(expected);
    return 'malformed';
  }
  if (typeof condition === 'object' && condition !== null) {
    const entries = Object.entries(condition);
    if (entries.length !== 1 || typeof entries[0]![1] !== 'string') return 'malformed';
    const [field, expected] = entries[0]! as [string, string];
    return valueOf(field.toLowerCase()) === expected;
  }
  return 'malformed';
}

function sameHex(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
