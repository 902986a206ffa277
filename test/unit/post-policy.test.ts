import { describe, expect, it } from 'vitest';
import { checkPost, postSignature } from '../../local/post-policy.ts';

// AWS's own worked example of a browser POST signed with Signature Version 4 ("Example: Browser-Based Upload using
// HTTP POST (Using AWS Signature Version 4)", Amazon S3 API Reference): its credentials, policy and signature.
const EXAMPLE = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  policy: 'eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9',
  signature: '8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e',
};
const credentials = { accessKeyId: EXAMPLE.accessKeyId, secretAccessKey: EXAMPLE.secretAccessKey, region: EXAMPLE.region };
const BEFORE_EXPIRY = new Date('2015-12-29T12:00:00Z');

/** The example's form, as the page names its fields (mixed case: S3 compares names without case). */
function exampleForm(changes: Record<string, string | undefined> = {}) {
  const fields: Record<string, string | undefined> = {
    key: 'user/user1/${filename}', acl: 'public-read', success_action_redirect: 'http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html',
    'Content-Type': 'image/jpeg', 'x-amz-meta-uuid': '14365123651274', 'x-amz-server-side-encryption': 'AES256',
    'X-Amz-Credential': 'AKIAIOSFODNN7EXAMPLE/20151229/us-east-1/s3/aws4_request', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Date': '20151229T000000Z',
    'x-amz-meta-tag': '', Policy: EXAMPLE.policy, 'X-Amz-Signature': EXAMPLE.signature, ...changes,
  };
  const lowered = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined).map(([name, value]) => [name.toLowerCase(), value] as const);
  return { bucket: 'sigv4examplebucket', fields: new Map(lowered), fileName: 'photo.jpg', fileSize: 1024 };
}

describe('the POST policy check (local/post-policy.ts)', () => {
  it('computes the signature AWS gives for its example', () => {
    expect(postSignature(EXAMPLE.policy, EXAMPLE.secretAccessKey, '20151229', 'us-east-1')).toBe(EXAMPLE.signature);
  });

  it('accepts the example form before its expiry, with ${filename} in the key', () => {
    expect(checkPost(exampleForm(), credentials, BEFORE_EXPIRY)).toEqual({
      accepted: {
        key: 'user/user1/photo.jpg', contentType: 'image/jpeg', metadata: { uuid: '14365123651274', tag: '' },
        successActionRedirect: 'http://sigv4examplebucket.s3.amazonaws.com/successful_upload.html', successActionStatus: undefined,
      },
    });
  });

  it('refuses it after its expiry, under another bucket, with another key prefix or type, or with a field of its own', () => {
    const refusal = (verdict: ReturnType<typeof checkPost>) => ('refused' in verdict ? `${verdict.refused.status} ${verdict.refused.code}: ${verdict.refused.message}` : 'accepted');
    expect(refusal(checkPost(exampleForm(), credentials, new Date('2015-12-30T12:00:01Z')))).toBe('403 AccessDenied: Invalid according to Policy: Policy expired.');
    expect(refusal(checkPost({ ...exampleForm(), bucket: 'another' }, credentials, BEFORE_EXPIRY))).toBe('403 AccessDenied: Invalid according to Policy: Policy Condition failed: {"bucket":"sigv4examplebucket"}');
    expect(refusal(checkPost(exampleForm({ key: 'user/user2/x' }), credentials, BEFORE_EXPIRY))).toBe('403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["starts-with","$key","user/user1/"]');
    expect(refusal(checkPost(exampleForm({ 'Content-Type': 'text/html' }), credentials, BEFORE_EXPIRY))).toBe('403 AccessDenied: Invalid according to Policy: Policy Condition failed: ["starts-with","$Content-Type","image/"]');
    expect(refusal(checkPost(exampleForm({ 'x-amz-meta-owner': 'me' }), credentials, BEFORE_EXPIRY))).toBe('403 AccessDenied: Invalid according to Policy: Extra input fields: x-amz-meta-owner');
    expect(refusal(checkPost(exampleForm({ 'x-ignore-note': 'fine' }), credentials, BEFORE_EXPIRY))).toBe('accepted');
  });

  it('refuses a wrong signature, another key id, another algorithm, a policy that is not its signature\'s', () => {
    const code = (verdict: ReturnType<typeof checkPost>) => ('refused' in verdict ? verdict.refused.code : 'accepted');
    expect(code(checkPost(exampleForm({ 'X-Amz-Signature': EXAMPLE.signature.replace(/^8/, '9') }), credentials, BEFORE_EXPIRY))).toBe('SignatureDoesNotMatch');
    expect(code(checkPost(exampleForm(), { ...credentials, secretAccessKey: 'another' }, BEFORE_EXPIRY))).toBe('SignatureDoesNotMatch');
    expect(code(checkPost(exampleForm(), { ...credentials, accessKeyId: 'AKIAOTHER' }, BEFORE_EXPIRY))).toBe('InvalidAccessKeyId');
    expect(code(checkPost(exampleForm({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA1' }), credentials, BEFORE_EXPIRY))).toBe('InvalidArgument');
    expect(code(checkPost(exampleForm({ Policy: Buffer.from('{"expiration":"2099-01-01T00:00:00Z","conditions":[]}').toString('base64') }), credentials, BEFORE_EXPIRY))).toBe('SignatureDoesNotMatch');
    expect(code(checkPost(exampleForm({ Policy: undefined }), credentials, BEFORE_EXPIRY))).toBe('AccessDenied');
  });
});
