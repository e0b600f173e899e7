/**
 * Conformance scenarios for user types and their schemas, driven through Okta's own Node SDK: create, update,
 * replace (the name never changes), the default and in-use types cannot be deleted (403 E0000142), a user created
 * with a type, and custom attributes added to and removed from a type's schema.
 */
import okta from '@okta/okta-sdk-nodejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 5, seed: 44, rateLimits: { enabled: false } });
let client: okta.Client;

beforeAll(async () => {
  client = new okta.Client({ orgUrl: sandbox.url, token: sandbox.apiToken, cacheMiddleware: null });
});

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { status: number; errorCode: string }) => ({ status: e.status, errorCode: e.errorCode }),
  );

describe('user types', () => {
  it('lists the default type; creates, updates and replaces a custom one; the name never changes', async () => {
    const first = await (await client.userTypeApi.listUserTypes()).next();
    expect(first.value).toMatchObject({ name: 'user', _default: true });

    const type = await client.userTypeApi.createUserType({
      userType: { name: 'contractor', displayName: 'Contractor', description: 'Fixed-term' },
    });
    expect(type.id).toMatch(/^oty/);
    expect(
      await errorOf(client.userTypeApi.createUserType({ userType: { name: 'contractor', displayName: 'X' } })),
    ).toEqual({ status: 400, errorCode: 'E0000001' });

    const updated = await client.userTypeApi.updateUserType({
      typeId: type.id as string,
      userType: { description: 'Fixed-term staff' },
    });
    expect(updated).toMatchObject({ name: 'contractor', displayName: 'Contractor', description: 'Fixed-term staff' });
    const renamed = await errorOf(
      client.userTypeApi.replaceUserType({
        typeId: type.id as string,
        userType: { name: 'temp', displayName: 'Temp', description: 'x' },
      }),
    );
    expect(renamed).toEqual({ status: 400, errorCode: 'E0000001' });
  });

  it('refuses to delete the default type and a type a user has (403 E0000142), then deletes it once free', async () => {
    const types: okta.UserType[] = [];
    for await (const t of await client.userTypeApi.listUserTypes()) types.push(t as okta.UserType);
    const defaultType = types.find((t) => (t as { default?: boolean }).default ?? t._default) as okta.UserType;
    expect(await errorOf(client.userTypeApi.deleteUserType({ typeId: defaultType.id as string }))).toEqual({
      status: 403,
      errorCode: 'E0000142',
    });

    const type = await client.userTypeApi.createUserType({ userType: { name: 'partner', displayName: 'Partner' } });
    const user = await client.userApi.createUser({
      body: {
        profile: { firstName: 'Pat', lastName: 'Partner', email: 'pat@example.com', login: 'pat@example.com' },
        type: { id: type.id as string },
      } as okta.CreateUserRequest,
    });
    expect(user.type?.id).toBe(type.id);
    expect(await errorOf(client.userTypeApi.deleteUserType({ typeId: type.id as string }))).toEqual({
      status: 403,
      errorCode: 'E0000142',
    });
    await client.userApi.deleteUser({ userId: user.id as string });
    await client.userApi.deleteUser({ userId: user.id as string });
    expect(await client.userTypeApi.deleteUserType({ typeId: type.id as string })).toBeUndefined();
    expect((await errorOf(client.userTypeApi.getUserType({ typeId: type.id as string })))?.status).toBe(404);
  });
});

describe('a type’s schema', () => {
  it('adds a custom attribute and removes it with null', async () => {
    const type = await client.userTypeApi.createUserType({ userType: { name: 'vendor', displayName: 'Vendor' } });
    const schemaId = (type._links?.schema as { href: string } | undefined)?.href.split('/').pop() as string;
    const empty = await client.schemaApi.getUserSchema({ schemaId });
    expect(empty.definitions?.custom?.properties).toEqual({});
    const added = await client.schemaApi.updateUserProfile({
      schemaId,
      userSchema: {
        definitions: {
          custom: { id: '#custom', type: 'object', properties: { badge: { title: 'Badge', type: 'string' } } },
        },
      },
    });
    expect(Object.keys(added.definitions?.custom?.properties ?? {})).toEqual(['badge']);
    const removed = await client.schemaApi.updateUserProfile({
      schemaId,
      userSchema: {
        definitions: { custom: { id: '#custom', type: 'object', properties: { badge: null } } },
      } as unknown as okta.UserSchema,
    });
    expect(removed.definitions?.custom?.properties).toEqual({});
  });
});
