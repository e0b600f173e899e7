/**
 * Conformance scenarios for linked objects, driven through Okta's own Node SDK: definitions (201, 409 E0000127 for a
 * name in use, read by either name) and values (one primary per user, read both ways, deleted with the definition).
 */
import okta from '@okta/okta-sdk-nodejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 10, seed: 43, rateLimits: { enabled: false } });
let client: okta.Client;

beforeAll(async () => {
  client = new okta.Client({ orgUrl: sandbox.url, token: sandbox.apiToken, cacheMiddleware: null });
});

async function ids(collection: Promise<AsyncIterable<okta.ResponseLinks | null>>): Promise<string[]> {
  const found: string[] = [];
  for await (const link of await collection) {
    const href = (link as { _links: { self: { href: string } } })._links.self.href;
    found.push(href.split('/').pop() as string);
  }
  return found.sort();
}

const userAt = (i: number) => sandbox.org.listUsers()[i]?.id as string;
const ada = () => userAt(0);
const grace = () => userAt(1);
const alan = () => userAt(2);

describe('definitions', () => {
  it('creates (201), refuses a name in use with 409 E0000127, reads by either name, deletes (404 after)', async () => {
    const created = await client.linkedObjectApi.createLinkedObjectDefinition({
      linkedObject: {
        primary: { name: 'manager', title: 'Manager', type: 'USER' },
        associated: { name: 'subordinate', title: 'Subordinate', type: 'USER' },
      },
    });
    expect(created.primary?.name).toBe('manager');
    const duplicate = await client.linkedObjectApi
      .createLinkedObjectDefinition({
        linkedObject: {
          primary: { name: 'coach', title: 'Coach', type: 'USER' },
          associated: { name: 'subordinate', title: 'Trainee', type: 'USER' },
        },
      })
      .catch((e: { status: number; errorCode: string }) => e);
    expect(duplicate).toMatchObject({ status: 409, errorCode: 'E0000127' });
    const byAssociated = await client.linkedObjectApi.getLinkedObjectDefinition({ linkedObjectName: 'subordinate' });
    expect(byAssociated.primary?.name).toBe('manager');
  });
});

describe('values', () => {
  it('gives a user one primary, lists associated users, and forgets all with the definition', async () => {
    await client.userApi.setLinkedObjectForUser({
      associatedUserId: ada(),
      primaryRelationshipName: 'manager',
      primaryUserId: alan(),
    });
    // A second primary replaces the first: one manager per user.
    await client.userApi.setLinkedObjectForUser({
      associatedUserId: ada(),
      primaryRelationshipName: 'manager',
      primaryUserId: grace(),
    });
    await client.userApi.setLinkedObjectForUser({
      associatedUserId: alan(),
      primaryRelationshipName: 'manager',
      primaryUserId: grace(),
    });
    expect(await ids(client.userApi.listLinkedObjectsForUser({ userId: ada(), relationshipName: 'manager' }))).toEqual([
      grace(),
    ]);
    expect(
      await ids(client.userApi.listLinkedObjectsForUser({ userId: grace(), relationshipName: 'subordinate' })),
    ).toEqual([ada(), alan()].sort());

    expect(
      await client.userApi.deleteLinkedObjectForUser({ userId: alan(), relationshipName: 'manager' }),
    ).toBeUndefined();
    expect(
      await ids(client.userApi.listLinkedObjectsForUser({ userId: grace(), relationshipName: 'subordinate' })),
    ).toEqual([ada()]);

    await client.linkedObjectApi.deleteLinkedObjectDefinition({ linkedObjectName: 'manager' });
    const gone = await client.userApi
      .listLinkedObjectsForUser({ userId: ada(), relationshipName: 'manager' })
      .then((c) => c.next())
      .catch((e: { status: number }) => e);
    expect(gone).toMatchObject({ status: 404 });
  });
});
