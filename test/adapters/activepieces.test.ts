/**
 * The built Activepieces piece (dist/adapters/activepieces) against the sandbox org over loopback HTTP: its metadata
 * as Activepieces reads it, actions run with the framework's createMockActionContext and the auth in Activepieces'
 * shape, a group picked through its dropdown searched with part of its name, Okta's errors thrown with their code,
 * and the auth's validation. Triggers: activepieces-triggers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { actionContext, authOf, useSandboxAndPiece } from './activepieces-harness.ts';

const t = useSandboxAndPiece({ users: 40, seed: 26 });

// biome-ignore lint/suspicious/noExplicitAny: the framework's props, read as the flow builder reads them
type AnyProp = any;

function action(name: string) {
  const found = t.piece.getAction(name);
  if (!found) throw new Error(`no action ${name}`);
  return found;
}

async function run(name: string, propsValue: Record<string, unknown>, auth: unknown = t.auth) {
  return action(name).run(actionContext(auth, propsValue) as never);
}

describe('the Okta Connector piece', () => {
  // Catches a unit dropped or renamed, a field shown as the wrong prop type, and auth read as the old shape.
  it('describes itself: display name, logo, custom auth, an action per manifest action, both trigger kinds', () => {
    const metadata = t.piece.metadata();
    expect(metadata.displayName).toBe('Okta Connector');
    expect(metadata.logoUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(metadata.minimumSupportedRelease).toBe('0.82.0');
    const auth = metadata.auth as AnyProp;
    expect(auth.type).toBe('CUSTOM_AUTH');
    expect(Object.keys(auth.props)).toEqual(
      expect.arrayContaining(['connectionType', 'domain', 'apiToken', 'clientId', 'privateKey', 'keyId', 'scopes']),
    );
    expect(auth.props.apiToken.type).toBe('SECRET_TEXT');
    expect(auth.props.privateKey.type).toBe('SECRET_TEXT');

    const createUser = metadata.actions.createUser as AnyProp;
    expect(createUser.displayName).toBeTruthy();
    expect(createUser.props.firstName).toMatchObject({ type: 'SHORT_TEXT', required: true });
    expect(createUser.props.activate).toMatchObject({ type: 'CHECKBOX', required: false });
    expect(createUser.props.profile.type).toBe('JSON');
    expect(createUser.props.groupIds).toMatchObject({ type: 'MULTI_SELECT_DROPDOWN', refreshOnSearch: true });
    const addUserToGroup = metadata.actions.addUserToGroup as AnyProp;
    expect(addUserToGroup.props.groupId).toMatchObject({ type: 'DROPDOWN', refreshOnSearch: true, required: true });
    // A dependent picker is read again when its parent changes.
    const factor = Object.values(metadata.actions).find(
      (candidate) => 'factorId' in (candidate as AnyProp).props,
    ) as AnyProp;
    expect(factor.props.factorId.refreshers).toEqual(['userId']);
    const enumProp = Object.values(createUser.props as Record<string, AnyProp>).find(
      (prop) => prop.type === 'STATIC_DROPDOWN',
    );
    expect(enumProp?.options.options.length).toBeGreaterThan(0);

    const triggers = metadata.triggers as Record<string, AnyProp>;
    expect(triggers.eventHook?.type).toBe('WEBHOOK');
    expect(triggers.userCreated?.type).toBe('WEBHOOK');
    expect(triggers.userCreatedPolling?.type).toBe('POLLING');
    expect(triggers.newUsers?.type).toBe('POLLING');
    expect(triggers.userCreated?.handshakeConfiguration).toEqual({
      strategy: 'HEADER_PRESENT',
      paramName: 'x-okta-verification-challenge',
    });
    // The delivery is the trigger's kind, not a prop.
    expect(Object.keys(triggers.userCreated?.props ?? {})).not.toContain('delivery');
  });

  // Catches the dropdown not sending the search to Okta (it would list the first page) or the action not running.
  it('creates a user, adds them to a group picked through the dropdown searched with part of its name, reads it back', async () => {
    const groupProp = action('addUserToGroup').props.groupId as AnyProp;
    const found = await groupProp.options({ auth: t.auth }, { searchValue: 'Leg' });
    const picked = found.options[0];
    expect(picked?.label).toMatch(/^Legal/);
    expect(found.options.every((option: { label: string }) => /^Leg/i.test(option.label))).toBe(true);

    const created = (await run('createUser', {
      firstName: 'Ada',
      lastName: 'Pieces',
      email: 'ada.pieces@example.com',
      login: 'ada.pieces@example.com',
      activate: false,
    })) as { id: string; profile: { login: string } };
    expect(created.profile.login).toBe('ada.pieces@example.com');

    await run('addUserToGroup', { groupId: picked.value, userId: created.id });
    expect(t.sandbox.org.groups.memberIds(picked.value).has(created.id)).toBe(true);

    const read = await run('listUserGroups', { userId: created.id });
    expect(JSON.stringify(read)).toContain(picked.value);
    const user = (await run('getUser', { userId: created.id })) as { id: string };
    expect(user.id).toBe(created.id);
  });

  // Catches a dropdown that runs without a connection, or with the auth read as `auth.domain` (their PR #15453).
  it('answers the dropdown only with a connection, reading auth.props', async () => {
    const groupProp = action('addUserToGroup').props.groupId as AnyProp;
    expect(await groupProp.options({}, {})).toMatchObject({ disabled: true, options: [] });
    const all = await groupProp.options({ auth: t.auth }, {});
    expect(all.options.length).toBeGreaterThan(3);
  });

  // Catches a dependent dropdown that does not pass its parent (it would fail or list nothing) or runs without one.
  it("answers a dependent dropdown from its parent prop (a user's factors)", async () => {
    const user = t.sandbox.org.users.list()[7];
    if (!user) throw new Error('no seeded user');
    t.sandbox.org.factors.enroll(user.id, {
      factorType: 'sms',
      provider: 'OKTA',
      profile: { phoneNumber: '+14155550100' },
    });
    const factorProp = action('getFactor').props.factorId as AnyProp;
    expect(factorProp.refreshers).toEqual(['userId']);
    expect(await factorProp.options({ auth: t.auth }, {})).toMatchObject({ disabled: true, options: [] });
    const factors = await factorProp.options({ auth: t.auth, userId: user.id }, {});
    expect(factors.options.map((option: { value: string }) => option.value).sort()).toEqual(
      t.sandbox.org.factors
        .list(user.id)
        .map((factor) => factor.id)
        .sort(),
    );
  });

  // Catches Okta's error lost (a generic failure) or a secret in the message.
  it('throws an Okta error with its code, kind and Okta code, and no secret', async () => {
    const error = (await run('getUser', { userId: '00unotthere000000000' }).catch((caught) => caught)) as {
      name: string;
      message: string;
      code: string;
      kind: string;
      status: number;
      oktaErrorCode: string;
      stack: string;
    };
    expect(error.name).toBe('OktaConnectorError');
    expect(error).toMatchObject({ code: 'OKTA_NOT_FOUND', kind: 'okta', status: 404, oktaErrorCode: 'E0000007' });
    expect(error.message).toMatch(/\[OKTA_NOT_FOUND \(okta, Okta 404 E0000007\)\]/);
    expect(error.stack).not.toMatch(/\n\s+at /);
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(t.sandbox.connection.fields.apiToken);
  });

  // Catches bad input reaching Okta instead of a validation error naming the field.
  it('throws a validation error naming the field for input that does not parse', async () => {
    const error = (await run('createUser', {
      firstName: 'A',
      lastName: 'B',
      email: 'a.b@example.com',
      profile: '{not json',
    }).catch((caught) => caught)) as { code: string; kind: string; message: string };
    expect(error).toMatchObject({ code: 'INVALID_INPUT', kind: 'validation' });
    expect(error.message).toContain('profile');
  });

  // Catches validate passing a bad token, or failing a good one.
  it('validates the auth through testConnection', async () => {
    const validate = (t.piece.metadata().auth as AnyProp).validate;
    const server = { apiUrl: 'http://localhost:3000/', publicUrl: 'http://localhost:4200/' };
    // validate receives the auth's values (not `{ type, props }`), as Activepieces' engine calls it.
    expect(await validate({ auth: authOf(t.sandbox.connection.fields).props, server })).toEqual({ valid: true });
    const bad = await validate({
      auth: { ...authOf(t.sandbox.connection.fields).props, apiToken: 'not-a-token' },
      server,
    });
    expect(bad.valid).toBe(false);
    expect(bad.error).toBeTruthy();
    expect(bad.error).not.toContain('not-a-token');
  });
});
