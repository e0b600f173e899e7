/**
 * Conformance scenarios for users, driven through Okta's own Node SDK as a script drives a real org: the password
 * lifecycle (expire, change, temporary password, reset, recovery question), sessions, app links, and what a deleted
 * user leaves behind. Each checks what Okta documents (docs/okta.md §7.1, §7.2; the spec's operations).
 */
import okta from '@okta/okta-sdk-nodejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 20, seed: 41, rateLimits: { enabled: false } });
let client: okta.Client;

beforeAll(async () => {
  client = new okta.Client({ orgUrl: sandbox.url, token: sandbox.apiToken, cacheMiddleware: null });
});

const PASSWORD = 'Abcd1234#@-sdk';
let counter = 0;

function createUser(extra: { recoveryQuestion?: boolean; activate?: boolean; password?: boolean } = {}) {
  counter += 1;
  const login = `sdk.user.${counter}@example.com`;
  return client.userApi.createUser({
    activate: extra.activate ?? true,
    body: {
      profile: { firstName: 'Sdk', lastName: `User${counter}`, email: login, login },
      credentials: {
        ...(extra.password === false ? {} : { password: { value: PASSWORD } }),
        ...(extra.recoveryQuestion
          ? { recovery_question: { question: 'Who wrote the first program?', answer: 'Ada Lovelace' } }
          : {}),
      },
    },
  });
}

async function oktaError(promise: Promise<unknown>): Promise<{ status: number; errorCode: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(okta.OktaApiError);
  return error as { status: number; errorCode: string };
}

describe('the password lifecycle', () => {
  it('expirePassword leaves the user PASSWORD_EXPIRED; changePassword makes them ACTIVE and moves passwordChanged', async () => {
    const user = await createUser();
    const expired = await client.userApi.expirePassword({ userId: user.id as string });
    expect(expired.status).toBe('PASSWORD_EXPIRED');
    expect((await client.userApi.getUser({ userId: user.id as string })).status).toBe('PASSWORD_EXPIRED');

    await new Promise((resolve) => setTimeout(resolve, 5));
    const credentials = await client.userApi.changePassword({
      userId: user.id as string,
      changePasswordRequest: { oldPassword: { value: PASSWORD }, newPassword: { value: 'N3w-password-sdk' } },
    });
    expect(credentials.provider?.type).toBe('OKTA');
    const after = await client.userApi.getUser({ userId: user.id as string });
    expect(after.status).toBe('ACTIVE');
    expect(new Date(after.passwordChanged as Date).getTime()).toBeGreaterThan(
      new Date(user.passwordChanged as Date).getTime(),
    );
  });

  it('a wrong current password is 403 E0000014, and nothing changes', async () => {
    const user = await createUser();
    const error = await oktaError(
      client.userApi.changePassword({
        userId: user.id as string,
        changePasswordRequest: { oldPassword: { value: 'not-it' }, newPassword: { value: 'N3w-password-sdk' } },
      }),
    );
    expect([error.status, error.errorCode]).toEqual([403, 'E0000014']);
    const after = await client.userApi.getUser({ userId: user.id as string });
    expect(after.passwordChanged).toEqual(user.passwordChanged);
  });

  it('expire with a temporary password returns it, and it is the password from then on', async () => {
    const user = await createUser();
    // The SDK reads this answer as a User and drops `tempPassword` (its model predates it): fetched directly.
    const response = await fetch(
      `${sandbox.url}/api/v1/users/${user.id}/lifecycle/expire_password_with_temp_password`,
      {
        method: 'POST',
        headers: { authorization: `SSWS ${sandbox.apiToken}`, accept: 'application/json' },
      },
    );
    const { tempPassword } = (await response.json()) as { tempPassword: string };
    expect(tempPassword).toBeTruthy();
    expect((await client.userApi.getUser({ userId: user.id as string })).status).toBe('PASSWORD_EXPIRED');
    await client.userApi.changePassword({
      userId: user.id as string,
      changePasswordRequest: { oldPassword: { value: tempPassword }, newPassword: { value: 'After-temp-pw-1' } },
    });
    expect((await client.userApi.getUser({ userId: user.id as string })).status).toBe('ACTIVE');
  });

  it('reset_password without email returns the link and puts the user in RECOVERY; reactivate an ACTIVE user is E0000038', async () => {
    const active = await createUser();
    const error = await oktaError(client.userApi.reactivateUser({ userId: active.id as string }));
    expect([error.status, error.errorCode]).toEqual([403, 'E0000038']);
    const link = await client.userApi.generateResetPasswordToken({ userId: active.id as string, sendEmail: false });
    expect(link.resetPasswordUrl).toMatch(/^http/);
    expect((await client.userApi.getUser({ userId: active.id as string })).status).toBe('RECOVERY');
  });

  it('the recovery question changes with the password, and its answer sets a new password', async () => {
    const user = await createUser({ recoveryQuestion: true });
    const changed = await client.userApi.changeRecoveryQuestion({
      userId: user.id as string,
      userCredentials: {
        password: { value: PASSWORD },
        recovery_question: { question: 'First programmable machine?', answer: 'Analytical Engine' },
      },
    });
    expect(changed.recovery_question?.question).toBe('First programmable machine?');
    const wrong = await oktaError(
      client.userApi.forgotPasswordSetNewPassword({
        userId: user.id as string,
        userCredentials: { password: { value: 'Other-pw-123' }, recovery_question: { answer: 'Ada Lovelace' } },
      }),
    );
    expect(wrong.errorCode).toBe('E0000087');
    await client.userApi.forgotPasswordSetNewPassword({
      userId: user.id as string,
      userCredentials: { password: { value: 'Other-pw-123' }, recovery_question: { answer: 'analytical engine' } },
    });
    expect(sandbox.org.users.get(user.id as string).password).toBe('Other-pw-123');
  });

  it('a PROVISIONED user is reactivated with a new activation token', async () => {
    const user = await createUser({ password: false });
    expect(user.status).toBe('PROVISIONED');
    const token = await client.userApi.reactivateUser({ userId: user.id as string, sendEmail: false });
    expect(token.activationToken).toBeTruthy();
  });
});

describe('sessions, app links, and deletion', () => {
  it('revokes sessions (204), lists the app links of assigned apps, and lists the user’s groups', async () => {
    const user = await createUser();
    expect(await client.userApi.revokeUserSessions({ userId: user.id as string })).toBeUndefined();
    const app = sandbox.org.listApps()[2] as { id: string; label: string };
    sandbox.org.apps.assign(app.id, user.id as string);
    const links: string[] = [];
    for await (const link of await client.userApi.listAppLinks({ userId: user.id as string })) {
      links.push(link?.appInstanceId as string);
    }
    expect(links).toEqual([app.id]);
    const groups: string[] = [];
    for await (const group of await client.userApi.listUserGroups({ userId: user.id as string })) {
      groups.push(group?.profile?.name as string);
    }
    expect(groups).toContain('Everyone');
  });

  it('a deleted user leaves no factor, no link, no membership behind', async () => {
    const user = await createUser();
    const other = await createUser();
    const id = user.id as string;
    await client.userFactorApi.enrollFactor({
      userId: id,
      body: { factorType: 'question', provider: 'OKTA', profile: { question: 'first_award', answer: 'chess club' } },
    });
    await client.linkedObjectApi.createLinkedObjectDefinition({
      linkedObject: {
        primary: { name: 'sdkManager', title: 'Manager', type: 'USER' },
        associated: { name: 'sdkReport', title: 'Report', type: 'USER' },
      },
    });
    await client.userApi.setLinkedObjectForUser({
      associatedUserId: other.id as string,
      primaryRelationshipName: 'sdkManager',
      primaryUserId: id,
    });
    await client.userApi.deleteUser({ userId: id });
    await client.userApi.deleteUser({ userId: id });
    const gone = await oktaError(client.userApi.getUser({ userId: id }));
    expect(gone.status).toBe(404);
    const managers: unknown[] = [];
    for await (const link of await client.userApi.listLinkedObjectsForUser({
      userId: other.id as string,
      relationshipName: 'sdkManager',
    })) {
      managers.push(link);
    }
    expect(managers).toEqual([]);
    const everyone = sandbox.org.listGroups().find((g) => g.type === 'BUILT_IN') as { id: string };
    expect(sandbox.org.groups.memberIds(everyone.id).has(id)).toBe(false);
  });
});
