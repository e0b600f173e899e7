/**
 * The secret scan checked on itself: the tap (secret-scan-setup.ts) records console lines and host answers and
 * learns the credentials sent on the wire, and the scan (secret-scan-global.ts) finds a credential in a capture
 * however it was leaked, and nothing in one without. The scan of the whole suite runs in the global teardown.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../host/server.ts';
import { suiteSandbox } from '../support/org.ts';
import { findSecrets, isCredentialLike, scanCapture } from './secret-scan-global.ts';

interface Tap {
  flush(): void;
  file: string;
  secretsFile: string;
}
const tap = (globalThis as Record<symbol, unknown>)[Symbol.for('okta-connector.secret-scan')] as Tap | undefined;

const sandbox = suiteSandbox({ users: 2, seed: 5 });
let host: RunningHost;
beforeAll(async () => {
  host = await startHost({ port: 0, defaultConnection: sandbox.connection });
});
afterAll(async () => {
  await host?.close();
});

describe('the secret scan', () => {
  it.skipIf(!tap)('taps the console and the host, and learns the token the org received', async () => {
    const marker = `marker-${Date.now()}`;
    console.info(marker);
    const response = await fetch(`${host.url}/api/actions/listUsers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"input":{"limit":1}}',
    });
    expect(response.status).toBe(200);
    tap?.flush();
    const capture = readFileSync(tap?.file ?? '', 'utf8');
    expect(capture).toContain(marker);
    expect(capture).toContain('response POST /api/actions/listUsers 200');
    const learned = readFileSync(tap?.secretsFile ?? '', 'utf8').split('\n');
    expect(learned).toContain(sandbox.apiToken);
    // What the run captured holds no credential; the same capture with the token logged would.
    expect(scanCapture(capture, learned)).toEqual([]);
    expect(scanCapture(`${capture}\u0000console.log\nthe token is ${sandbox.apiToken}\n`, learned)).toEqual([
      { where: 'console.log', what: expect.stringMatching(/^a credential sent on the wire/) },
    ]);
  });

  it.each([
    ['a PEM key', '-----BEGIN PRIVATE KEY-----\nMIIE…'],
    ['an RSA PEM key', 'key: -----BEGIN RSA PRIVATE KEY-----'],
    ['a JWK private part', '{"kty":"EC","crv":"P-256","x":"abc","d":"Zm9vYmFyYmF6cXV4cXV1eGNvcmdl"}'],
    [
      'a DPoP proof',
      'dpop: eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2In0.eyJodG0iOiJHRVQiLCJodHUiOiJodHRwcyJ9.c2lnbmF0dXJlc2lnbmF0dXJlc2ln',
    ],
    ['an SSWS token', 'Authorization: SSWS 00abcdefghijklmnopqrstuvwxyz0123456789AB'],
    ['a refresh token field', '{"refresh_token":"rt-abcdefghijklmnop"}'],
    ['a client secret field', '{"client_secret":"cs-abcdefghijklmnop"}'],
    ['a client assertion field', '{"client_assertion":"eyJhbGciOi"}'],
  ])('finds %s', (_, text) => {
    expect(findSecrets(text, 'here', [])).not.toEqual([]);
  });

  it.each([
    '{"apiToken":"[REDACTED]"}',
    'Authorization: SSWS [REDACTED]',
    '{"type":"apiToken","fields":{"domain":"https://acme.okta.com"}}',
    'user 00u1abcdefghijklmnop deactivated',
    'eyJhbGciOiJIUzI1NiJ9 alone is only a header',
  ])('finds nothing in %j', (text) => {
    expect(findSecrets(text, 'here', ['a-secret-not-in-the-text'])).toEqual([]);
  });

  it('takes a run of a few characters for a placeholder, not a credential (catches: CI failing on padded records)', () => {
    const paddedRecord = `{"event":{"uuid":"a-1","padding":"${'x'.repeat(3072)}"}}`;
    expect(
      findSecrets(paddedRecord, 'GET /api/subscriptions/a/records 200', ['x'.repeat(20), `00${'x'.repeat(40)}`]),
    ).toEqual([]);
    expect(isCredentialLike('x'.repeat(20))).toBe(false);
    expect(isCredentialLike('00abcdefghijklmnopqrstuvwxyz0123456789AB')).toBe(true);
  });
});
