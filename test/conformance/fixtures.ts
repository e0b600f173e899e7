/**
 * @module What an example needs of the sandbox org before it can run, where the generic preparation
 * (`prepare.ts`: every picklist-linked id taken from the picklist itself) is not enough: an object in a given
 * state, a membership to remove. Keep each entry one line of org calls; prefer a preference over a fixture.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Org, RunningSandbox } from '../../sandbox/index.ts';

export interface FixtureContext {
  org: Org;
  sandbox: RunningSandbox;
  /** The example's input after the generic preparation. */
  input: Record<string, unknown>;
  /** The ids the preparation picked, by input field (a user's id even where the input holds a login). */
  ids: Record<string, string>;
}

/** Changes the org for the example and may return inputs to override. */
export type Fixture = (ctx: FixtureContext) => undefined | Record<string, unknown>;

/** An event hook as Okta's API takes it (spec EventHook). */
const hookBody = (uri: string) => ({
  name: 'Conformance',
  events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
  channel: { type: 'HTTP', version: '1.0.0', config: { uri } },
});

let receiver: Promise<string> | undefined;
/** A loopback endpoint that answers Okta's event hook verification challenge (docs/okta.md §4.3), as a host would. */
export function hookReceiver(): Promise<string> {
  receiver ??= new Promise((resolve) => {
    const server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ verification: request.headers['x-okta-verification-challenge'] ?? '' }));
    });
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/okta/events`);
    });
  });
  return receiver;
}

/**
 * Which option of a picklist an example gets, when the first one would not do: the first option the predicate
 * accepts (among the first page), else the first.
 */
export const preferred: Record<string, (org: Org, value: string) => boolean> = {
  // Most user actions act on an active user; the seeded users come in every status.
  selectUser: (org, id) => org.users.find(id)?.status === 'ACTIVE',
  // Only OKTA_GROUP profiles and memberships can be changed (docs/okta.md §2.4); Everyone is BUILT_IN.
  selectGroup: (org, id) => org.listGroups().find((g) => g.id === id)?.type === 'OKTA_GROUP',
};

/**
 * What makes one object a picklist can offer, for an org that has none yet (a user's factors, linked object
 * definitions). Given the picklist's `dependsOn` inputs and the example's values (to make the very one it names).
 */
export const seeders: Record<
  string,
  (ctx: { org: Org; input: Record<string, unknown>; example: unknown[] }) => void | Promise<void>
> = {
  // A hook on an endpoint that answers Okta's verification, so that verifying it works too.
  selectEventHook: async ({ org }) => void org.eventHooks.create(hookBody(await hookReceiver())),
  selectUserFactor: ({ org, input }) =>
    void org.factors.enroll(
      String(input.userId),
      { factorType: 'question', provider: 'OKTA', profile: { question: 'disliked_food', answer: 'mayonnaise' } },
      { activate: true },
    ),
  // Okta's own example relationship, which the examples name.
  selectLinkedObjectDefinition: ({ org }) =>
    void org.linkedObjects.create({
      primary: { name: 'manager', title: 'Manager', type: 'USER' },
      associated: { name: 'subordinate', title: 'Subordinate', type: 'USER' },
    }),
};

const id = (ids: Record<string, string>, field: string) => {
  const value = ids[field];
  if (!value) throw new Error(`the example has no ${field}`);
  return value;
};

export const fixtures: Record<string, Fixture> = {
  // Activation is for STAGED or DEPROVISIONED users (docs/okta.md §7.1).
  activateUser: ({ org, ids }) => void org.users.deactivate(id(ids, 'userId')),
  unsuspendUser: ({ org, ids }) => void org.users.suspend(id(ids, 'userId')),
  removeUserFromGroup: ({ org, ids }) => void org.groups.addMember(id(ids, 'groupId'), id(ids, 'userId')),
  // Rule names are unique, and the sandbox seeds the example's own rule.
  createGroupRule: ({ input }) => ({ name: `${String(input.name)} (copy)` }),
  // App users and app groups: the picked user or group assigned to the picked app first.
  getAppUser: (ctx) => assignUser(ctx),
  updateAppUser: (ctx) => assignUser(ctx),
  removeUserFromApp: (ctx) => assignUser(ctx),
  getAppGroup: ({ org, ids }) => void org.apps.assignGroup(id(ids, 'appId'), id(ids, 'groupId'), {}),
  removeGroupFromApp: ({ org, ids }) => void org.apps.assignGroup(id(ids, 'appId'), id(ids, 'groupId'), {}),
  // Reactivation is for PROVISIONED users: deactivated, then activated without a password (docs/okta.md §7.1).
  reactivateUser: ({ org, ids }) => {
    org.users.deactivate(id(ids, 'userId'));
    org.users.activate(id(ids, 'userId'));
    return undefined;
  },
  unlockUser: ({ org, ids }) => {
    // Users lock themselves out signing in, which the sandbox does not model: the status is set directly.
    org.users.get(id(ids, 'userId')).status = 'LOCKED_OUT';
    return undefined;
  },
  // The old password must be the user's.
  changePassword: ({ org, ids, input }) =>
    void org.users.update(id(ids, 'userId'), { password: String(input.oldPassword) }, false),
  deleteLinkedObjectValue: ({ org, ids, input }) => {
    const other = org.listUsers().find((u) => u.status === 'ACTIVE' && u.id !== id(ids, 'userId'));
    if (other) org.linkedObjects.set(id(ids, 'userId'), String(input.primaryName), other.id);
    return undefined;
  },
  // A hook on the example's URL, which it deletes (deactivated first).
  deleteAllEventHooks: ({ org, input }) => void org.eventHooks.create(hookBody(String(input.url))),
  // Import sessions have no picklist: one is opened on the picked identity source (with a profile to import).
  getImportSession: (ctx) => openSession(ctx),
  deleteImportSession: (ctx) => openSession(ctx),
  bulkUpsertUsers: (ctx) => openSession(ctx),
  triggerImportSession: (ctx) => openSession(ctx, { externalId: 'E1001', profile: { userName: 'ada@example.com' } }),
  // The example unlocks a user given in the path. Users lock themselves out signing in, which the sandbox does not
  // model: the status is set directly.
  rawRequest: ({ org, input }) => {
    if (typeof input.path !== 'string' || !input.path.includes('/lifecycle/unlock')) return undefined;
    const user = org.listUsers().find((u) => u.status === 'ACTIVE');
    if (!user) throw new Error('the sandbox has no ACTIVE user');
    user.status = 'LOCKED_OUT';
    return { path: `/api/v1/users/${user.id}/lifecycle/unlock` };
  },
};

function assignUser({ org, ids }: FixtureContext): undefined {
  const [appId, userId] = [id(ids, 'appId'), id(ids, 'userId')];
  if (!org.apps.isAssigned(appId, userId)) org.apps.assign(appId, userId);
  return undefined;
}

function openSession({ org, ids }: FixtureContext, upload?: Record<string, unknown>): Record<string, unknown> {
  const identitySourceId = id(ids, 'identitySourceId');
  const session = org.identitySources.create(identitySourceId);
  if (upload) org.identitySources.bulkUpsert(identitySourceId, session.id, { entityType: 'USERS', profiles: [upload] });
  return { sessionId: session.id };
}
