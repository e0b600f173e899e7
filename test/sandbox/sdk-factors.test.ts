/**
 * Conformance scenarios for factors, driven through Okta's own Node SDK: enrolment states, activation with a real
 * TOTP code, verification, the catalogue and questions, unenrolment and reset (docs/okta.md §7.5, spec UserFactor).
 */
import { createHmac } from 'node:crypto';
import okta from '@okta/okta-sdk-nodejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../../sandbox/org/factors.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 10, seed: 42, rateLimits: { enabled: false } });
let client: okta.Client;

beforeAll(async () => {
  client = new okta.Client({ orgUrl: sandbox.url, token: sandbox.apiToken, cacheMiddleware: null });
});

let counter = 0;
async function newUserId(): Promise<string> {
  counter += 1;
  const login = `sdk.factor.${counter}@example.com`;
  const user = await client.userApi.createUser({
    body: {
      profile: { firstName: 'Factor', lastName: `User${counter}`, email: login, login },
      credentials: { password: { value: 'Abcd1234#@-sdk' } },
    },
  });
  return user.id as string;
}

async function oktaError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(okta.OktaApiError);
  return error as { status: number; errorCode: string; errorCauses?: { errorSummary: string }[] };
}

/** RFC 6238 appendix B, SHA-1: the sandbox's TOTP is the one authenticator apps compute. */
it('computes TOTP codes as RFC 6238 does', () => {
  const base32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
  expect(totp(base32, 59_000)).toBe('287082');
  expect(totp(base32, 1_111_111_109_000)).toBe('081804');
  expect(totp(base32, 2_000_000_000_000)).toBe('279037');
  // And the HMAC it rests on is the standard one.
  expect(createHmac('sha1', '12345678901234567890').update(Buffer.alloc(8)).digest('hex')).toHaveLength(40);
});

describe('enrolment and activation', () => {
  it('TOTP enrols PENDING_ACTIVATION, refuses a wrong code with 403 E0000068, activates with the right one', async () => {
    const userId = await newUserId();
    const factor = (await client.userFactorApi.enrollFactor({
      userId,
      body: { factorType: 'token:software:totp', provider: 'OKTA' },
    })) as okta.UserFactor & { _embedded: { activation: { sharedSecret: string } } };
    expect(factor.status).toBe('PENDING_ACTIVATION');
    const secret = factor._embedded.activation.sharedSecret;
    const wrong = await oktaError(
      client.userFactorApi.activateFactor({ userId, factorId: factor.id as string, body: { passCode: '000000' } }),
    );
    expect([wrong.status, wrong.errorCode]).toEqual([403, 'E0000068']);
    const activated = await client.userFactorApi.activateFactor({
      userId,
      factorId: factor.id as string,
      body: { passCode: totp(secret, Date.now()) },
    });
    expect((activated as { status?: string }).status).toBe('ACTIVE');
    const verified = await client.userFactorApi.verifyFactor({
      userId,
      factorId: factor.id as string,
      body: { passCode: totp(secret, Date.now()) },
    });
    expect(verified.factorResult).toBe('SUCCESS');
  });

  it('SMS sends a code: verify is refused while pending (E0000154), the code activates it, then a challenge', async () => {
    const userId = await newUserId();
    const sms = await client.userFactorApi.enrollFactor({
      userId,
      body: { factorType: 'sms', provider: 'OKTA', profile: { phoneNumber: '+14155550100' } },
    });
    expect(sms.status).toBe('PENDING_ACTIVATION');
    const pending = await oktaError(
      client.userFactorApi.verifyFactor({ userId, factorId: sms.id as string, body: { passCode: '123456' } }),
    );
    expect(pending.errorCode).toBe('E0000154');
    const code = sandbox.org.factors.sentCode(sms.id as string) as string;
    await client.userFactorApi.activateFactor({ userId, factorId: sms.id as string, body: { passCode: code } });
    const challenge = await client.userFactorApi.verifyFactor({ userId, factorId: sms.id as string, body: {} });
    expect(challenge.factorResult).toBe('CHALLENGE');
    const success = await client.userFactorApi.verifyFactor({
      userId,
      factorId: sms.id as string,
      body: { passCode: sandbox.org.factors.sentCode(sms.id as string) as string },
    });
    expect(success.factorResult).toBe('SUCCESS');
  });

  it('a security question is ACTIVE at once and verifies its answer', async () => {
    const userId = await newUserId();
    const question = await client.userFactorApi.enrollFactor({
      userId,
      body: { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'pizza' } },
    });
    expect(question).toBeInstanceOf(okta.UserFactorSecurityQuestion);
    expect(question.status).toBe('ACTIVE');
    const wrong = await oktaError(
      client.userFactorApi.verifyFactor({ userId, factorId: question.id as string, body: { answer: 'broccoli' } }),
    );
    expect(wrong.errorCode).toBe('E0000068');
    const right = await client.userFactorApi.verifyFactor({
      userId,
      factorId: question.id as string,
      body: { answer: 'Pizza' },
    });
    expect(right.factorResult).toBe('SUCCESS');
  });

  it('push waits for a device: the transaction stays WAITING', async () => {
    const userId = await newUserId();
    const push = await client.userFactorApi.enrollFactor({ userId, body: { factorType: 'push', provider: 'OKTA' } });
    expect(push.status).toBe('PENDING_ACTIVATION');
    expect(push._links?.poll).toBeDefined();
  });

  it('refuses an unknown provider ("Invalid Provider.") and a factor the org does not offer ("Factor not enabled.")', async () => {
    const userId = await newUserId();
    const invalid = await oktaError(
      client.userFactorApi.enrollFactor({ userId, body: { factorType: 'push', provider: 'NOPE' as 'OKTA' } }),
    );
    expect(invalid.errorCauses?.[0]?.errorSummary).toBe('Invalid Provider.');
    const disabled = await oktaError(
      client.userFactorApi.enrollFactor({ userId, body: { factorType: 'push', provider: 'YUBICO' } }),
    );
    expect([disabled.status, disabled.errorCauses?.[0]?.errorSummary]).toEqual([400, 'Factor not enabled.']);
  });
});

describe('catalogue, questions, unenrolment and reset', () => {
  it('lists what the user may enrol and the questions; unenrol is 204 then 404; reset clears all', async () => {
    const userId = await newUserId();
    const catalog: string[] = [];
    for await (const f of await client.userFactorApi.listSupportedFactors({ userId }))
      catalog.push(f?.factorType as string);
    expect(catalog).toEqual(expect.arrayContaining(['question', 'token:software:totp', 'sms', 'call', 'push']));
    const questions: string[] = [];
    for await (const q of await client.userFactorApi.listSupportedSecurityQuestions({ userId })) {
      questions.push(q?.question as string);
    }
    expect(questions.length).toBeGreaterThan(1);

    const call = await client.userFactorApi.enrollFactor({
      userId,
      body: { factorType: 'call', provider: 'OKTA', profile: { phoneNumber: '+14155550101' } },
    });
    expect(await client.userFactorApi.unenrollFactor({ userId, factorId: call.id as string })).toBeUndefined();
    expect((await oktaError(client.userFactorApi.getFactor({ userId, factorId: call.id as string }))).status).toBe(404);

    await client.userFactorApi.enrollFactor({
      userId,
      body: { factorType: 'question', provider: 'OKTA', profile: { question: 'first_award', answer: 'chess club' } },
    });
    await client.userApi.resetFactors({ userId });
    const left: unknown[] = [];
    for await (const f of await client.userFactorApi.listFactors({ userId })) left.push(f);
    expect(left).toEqual([]);
    expect((await client.userApi.getUser({ userId })).status).toBe('ACTIVE');
  });
});
