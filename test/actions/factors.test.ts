/**
 * Factor actions over real HTTP against the sandbox: enrol, list, read, unenrol, reset, the catalogue and the
 * security questions, each with the Okta error a flow meets first. TOTP codes are computed from the shared secret
 * the enrolment returns, as an authenticator app does.
 */
import { describe, expect, it } from 'vitest';
import { totp } from '../../sandbox/org/factors.ts';
import { failure, uniqueLogin, useSandbox } from './harness.ts';

const t = useSandbox({ users: 20, seed: 23 });

interface Factor {
  id: string;
  factorType: string;
  provider: string;
  status: string;
  profile?: Record<string, unknown>;
  _embedded?: { activation?: { sharedSecret?: string } };
}

async function newUser() {
  return t.run<{ id: string; profile: { login: string } }>('createUser', {
    firstName: 'Grace',
    lastName: 'Hopper',
    email: uniqueLogin('grace'),
    password: 'Tr0ub4dor&3-horse-Battery',
  });
}

describe('enrollFactor', () => {
  it('enrols a security question ACTIVE at once, by the user’s login', async () => {
    const user = await newUser();
    const factor = await t.run<Factor>('enrollFactor', {
      userId: user.profile.login,
      factorType: 'question',
      question: 'disliked_food',
      answer: 'mayonnaise',
    });
    expect(factor).toMatchObject({ factorType: 'question', provider: 'OKTA', status: 'ACTIVE' });
    expect(factor.profile?.questionText).toMatch(/food/);
    expect(JSON.stringify(factor)).not.toContain('mayonnaise');
  });

  it('enrols TOTP pending activation with a shared secret whose codes Okta accepts', async () => {
    const user = await newUser();
    const factor = await t.run<Factor>('enrollFactor', { userId: user.id, factorType: 'token:software:totp' });
    expect(factor.status).toBe('PENDING_ACTIVATION');
    const secret = factor._embedded?.activation?.sharedSecret as string;
    expect(secret).toMatch(/^[A-Z2-7]{16}$/);
    const activated = await t.run<{ body: Factor }>('rawRequest', {
      method: 'POST',
      path: `/api/v1/users/${user.id}/factors/${factor.id}/lifecycle/activate`,
      body: { passCode: totp(secret, Date.now()) },
    });
    expect(activated.body.status).toBe('ACTIVE');
    const read = await t.run<Factor>('getFactor', { userId: user.id, factorId: factor.id });
    expect(read.status).toBe('ACTIVE');
  });

  it('enrols SMS ACTIVE at once with activate, and refuses a second one with E0000001', async () => {
    const user = await newUser();
    const sms = await t.run<Factor>('enrollFactor', {
      userId: user.id,
      factorType: 'sms',
      phoneNumber: '+14155550100',
      activate: true,
    });
    expect(sms.status).toBe('ACTIVE');
    const error = await failure(
      t.run('enrollFactor', { userId: user.id, factorType: 'sms', phoneNumber: '+14155550101' }),
    );
    expect(error.errorCode).toBe('E0000001');
    expect(JSON.stringify(error.errorCauses)).toMatch(/already set up/);
  });

  it('refuses a factor the org does not offer: 400 E0000001 "Factor not enabled."', async () => {
    const user = await newUser();
    const error = await failure(t.run('enrollFactor', { userId: user.id, factorType: 'push', provider: 'YUBICO' }));
    expect(error.status).toBe(400);
    expect(error.errorCode).toBe('E0000001');
    expect(error.errorCauses).toEqual([{ errorSummary: 'Factor not enabled.' }]);
  });

  it('refuses a question factor without its answer before sending anything', async () => {
    const error = await failure(
      t.run('enrollFactor', { userId: 'grace@example.com', factorType: 'question', question: 'disliked_food' }),
    );
    expect(error.kind).toBe('validation');
    expect(t.sandbox.stats.requests).toBe(0);
  });
});

describe('listUserFactors, getFactor, unenrollFactor', () => {
  it('lists, reads and removes a factor; the removed one is 404 E0000007', async () => {
    const user = await newUser();
    const call = await t.run<Factor>('enrollFactor', {
      userId: user.id,
      factorType: 'call',
      phoneNumber: '+1 415 555 0102',
    });
    await t.run('enrollFactor', {
      userId: user.id,
      factorType: 'question',
      question: 'first_award',
      answer: 'chess club',
    });
    const listed = await t.run<{ items: Factor[] }>('listUserFactors', { userId: user.profile.login });
    // Okta lists factors in its catalogue order: the question before the call.
    expect(listed.items.map((f) => f.factorType)).toEqual(['question', 'call']);

    expect(await t.run('unenrollFactor', { userId: user.profile.login, factorId: call.id })).toEqual({
      userId: user.id,
      factorId: call.id,
    });
    const gone = await failure(t.run('getFactor', { userId: user.id, factorId: call.id }));
    expect(gone.status).toBe(404);
    expect(gone.errorCode).toBe('E0000007');
    const again = await failure(t.run('unenrollFactor', { userId: user.id, factorId: call.id }));
    expect(again.errorCode).toBe('E0000007');
  });

  it('answers an unknown user with E0000007', async () => {
    const error = await failure(t.run('listUserFactors', { userId: '00u0000000000000none' }));
    expect(error.errorCode).toBe('E0000007');
  });
});

describe('resetFactors', () => {
  it('removes every factor; the status stays ACTIVE', async () => {
    const user = await newUser();
    await t.run('enrollFactor', {
      userId: user.id,
      factorType: 'question',
      question: 'first_award',
      answer: 'chess club',
    });
    await t.run('enrollFactor', { userId: user.id, factorType: 'email', activate: true });
    const result = await t.run('resetFactors', { userId: user.profile.login });
    expect(result).toMatchObject({ userId: user.id, status: 'ACTIVE' });
    expect((await t.run<{ items: Factor[] }>('listUserFactors', { userId: user.id })).items).toEqual([]);
    const logged = t.sandbox.org.systemLog.list().some((e) => e.event.eventType === 'user.mfa.factor.reset_all');
    expect(logged).toBe(true);
  });

  it('refuses a staged user with E0000038', async () => {
    const staged = await t.run<{ id: string }>('createUser', {
      firstName: 'S',
      lastName: 'Taged',
      email: uniqueLogin('staged'),
      activate: false,
    });
    const error = await failure(t.run('resetFactors', { userId: staged.id }));
    expect(error.errorCode).toBe('E0000038');
  });
});

describe('listSupportedFactors, listSecurityQuestions', () => {
  it('list the catalogue with what the user has set up, and the questions', async () => {
    const user = await newUser();
    await t.run('enrollFactor', {
      userId: user.id,
      factorType: 'question',
      question: 'first_award',
      answer: 'chess club',
    });
    const catalog = await t.run<{ items: { factorType: string; provider: string; status: string }[] }>(
      'listSupportedFactors',
      { userId: user.id },
    );
    expect(catalog.items).toContainEqual(expect.objectContaining({ factorType: 'question', status: 'ACTIVE' }));
    expect(catalog.items).toContainEqual(
      expect.objectContaining({ factorType: 'token:software:totp', provider: 'GOOGLE', status: 'NOT_SETUP' }),
    );
    const questions = await t.run<{ items: { question: string; questionText: string }[] }>('listSecurityQuestions', {
      userId: user.profile.login,
    });
    expect(questions.items.map((q) => q.question)).toContain('disliked_food');
  });

  it('answer an unknown user with E0000007', async () => {
    for (const key of ['listSupportedFactors', 'listSecurityQuestions']) {
      const error = await failure(t.run(key, { userId: 'nobody.factors@example.com' }));
      expect(error.errorCode).toBe('E0000007');
    }
  });
});
