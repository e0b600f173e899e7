/**
 * Apps and assignments driven through Okta's own Node SDK, as a script drives a real org: what Okta documents for
 * `/api/v1/apps` (docs/okta.md §2.5, §7.4 and the spec's `createApplication`, `replaceApplication`, `deleteApplication`,
 * `assignUserToApplication`, `assignGroupToApplication`), checked against the sandbox over loopback HTTP.
 */
import okta from '@okta/okta-sdk-nodejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 20, seed: 3, rateLimits: { enabled: false } });
let client: okta.Client;

beforeAll(async () => {
  client = new okta.Client({ orgUrl: sandbox.url, token: sandbox.apiToken, cacheMiddleware: null });
});

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix} ${Date.now().toString(36)}${counter}`;
}

/** What the SDK throws for an Okta error: its status and errorCode. */
async function oktaError(promise: Promise<unknown>): Promise<{ status: number; errorCode: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { status: number; errorCode: string },
  );
  if (!error) throw new Error('expected Okta to refuse the call');
  return { status: error.status, errorCode: error.errorCode };
}

async function all<T>(collection: Promise<okta.Collection<T>>): Promise<T[]> {
  const items: T[] = [];
  await (await collection).each((item) => {
    items.push(item);
  });
  return items;
}

const bookmark = (label = unique('Bookmark')) =>
  client.applicationApi.createApplication({
    application: {
      name: 'bookmark',
      label,
      signOnMode: 'BOOKMARK',
      settings: { app: { requestIntegration: false, url: 'https://example.com/bookmark.htm' } },
    } as okta.BookmarkApplication,
  });

async function newUser(firstName = 'Grace'): Promise<okta.User & { id: string }> {
  const login = `${unique('u').replace(' ', '.')}@example.com`;
  const user = await client.userApi.createUser({
    body: {
      profile: { firstName, lastName: 'Hopper', email: login, login },
      credentials: { password: { value: 'Pa55-word-Ok!' } },
    },
  });
  return user as okta.User & { id: string };
}

describe('apps of the common sign-on modes', () => {
  it('creates each mode with Okta’s defaults, and reads it back as the same class', async () => {
    const made = [
      await bookmark(),
      await client.applicationApi.createApplication({
        application: {
          name: 'template_basic_auth',
          label: unique('Basic'),
          signOnMode: 'BASIC_AUTH',
          settings: { app: { url: 'https://example.com/login', authURL: 'https://example.com/auth' } },
        } as okta.BasicAuthApplication,
      }),
      await client.applicationApi.createApplication({
        application: {
          name: 'template_swa',
          label: unique('Plugin'),
          signOnMode: 'BROWSER_PLUGIN',
          settings: {
            app: { url: 'https://example.com/', usernameField: 'u', passwordField: 'p', buttonField: 'b' },
          },
        } as okta.BrowserPluginApplication,
      }),
    ];
    for (const app of made) {
      const read = await client.applicationApi.getApplication({ appId: app.id as string });
      expect(read.constructor).toBe(app.constructor);
      expect(read).toMatchObject({ id: app.id, status: 'ACTIVE', label: app.label });
      expect(read.visibility?.hide).toEqual({ iOS: false, web: false });
      expect(read._links?.users?.href).toContain(`/api/v1/apps/${app.id}/users`);
    }
    expect((made[1] as okta.BasicAuthApplication).credentials).toMatchObject({ scheme: 'EDIT_USERNAME_AND_PASSWORD' });
  });

  it('names a custom SAML app after the org and label, fills Okta’s SAML defaults and signs with a key', async () => {
    const app = (await client.applicationApi.createApplication({
      application: {
        label: 'Example Custom SAML 2.0 App',
        signOnMode: 'SAML_2_0',
        settings: {
          signOn: {
            ssoAcsUrl: 'https://sp.example.com/acs',
            audience: 'urn:sp',
            recipient: 'https://sp.example.com/acs',
            destination: 'https://sp.example.com/acs',
            defaultRelayState: '',
          },
        },
      } as okta.SamlApplication,
    })) as okta.SamlApplication;
    expect(app).toBeInstanceOf(okta.SamlApplication);
    expect(app.name).toMatch(/_examplecustomsaml20app_\d+$/);
    expect(app.settings?.signOn).toMatchObject({ defaultRelayState: null, signatureAlgorithm: 'RSA_SHA256' });
    expect(app.credentials?.signing?.kid).toBeTruthy();
    const byKid = await all(
      client.applicationApi.listApplications({
        filter: `credentials.signing.kid eq "${app.credentials?.signing?.kid}"`,
      }),
    );
    expect(byKid.map((a) => a.id)).toEqual([app.id]);
  });

  it('gives an OIDC app a client whose id is the app id, kept when the app is replaced', async () => {
    const app = (await client.applicationApi.createApplication({
      application: {
        name: 'oidc_client',
        label: unique('Portal'),
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post' } },
        settings: {
          oauthClient: {
            redirect_uris: ['https://example.com/cb'],
            response_types: ['code'],
            grant_types: ['authorization_code'],
            application_type: 'web',
          },
        },
      } as okta.OpenIdConnectApplication,
    })) as okta.OpenIdConnectApplication;
    const client1 = app.credentials?.oauthClient;
    expect(client1?.client_id).toBe(app.id);
    expect(client1?.client_secret).toBeTruthy();

    const replaced = (await client.applicationApi.replaceApplication({
      appId: app.id as string,
      // No secret in the body: the client keeps its secret (only system fields are ignored, spec: replaceApplication).
      application: {
        ...app,
        label: 'Renamed portal',
        name: 'ignored',
        id: 'ignored',
        credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post' } },
      } as unknown as okta.Application,
    })) as okta.OpenIdConnectApplication;
    expect(replaced).toMatchObject({ id: app.id, name: 'oidc_client', label: 'Renamed portal' });
    expect(replaced.credentials?.oauthClient?.client_secret).toBe(client1?.client_secret);
  });

  it('refuses an app without a label, and a template app with another sign-on mode (400 E0000001)', async () => {
    const blank = await oktaError(
      client.applicationApi.createApplication({
        application: { name: 'bookmark', signOnMode: 'BOOKMARK' } as unknown as okta.Application,
      }),
    );
    expect(blank).toEqual({ status: 400, errorCode: 'E0000001' });
    const mismatch = await oktaError(
      client.applicationApi.createApplication({
        application: {
          name: 'bookmark',
          label: 'x',
          signOnMode: 'SAML_2_0',
          settings: { app: { url: 'https://e.com' } },
        } as okta.Application,
      }),
    );
    expect(mismatch.errorCode).toBe('E0000001');
  });
});

describe('app lifecycle and lists', () => {
  it('deletes only an inactive app (403 E0000056), then the app is gone (404 E0000007)', async () => {
    const app = await bookmark();
    const appId = app.id as string;
    expect(await oktaError(client.applicationApi.deleteApplication({ appId }))).toEqual({
      status: 403,
      errorCode: 'E0000056',
    });
    await client.applicationApi.deactivateApplication({ appId });
    expect((await client.applicationApi.getApplication({ appId })).status).toBe('INACTIVE');
    await client.applicationApi.deleteApplication({ appId });
    expect(await oktaError(client.applicationApi.getApplication({ appId }))).toEqual({
      status: 404,
      errorCode: 'E0000007',
    });
  });

  it('creates an app inactive with activate=false, and lists inactive apps too', async () => {
    const label = unique('Staged bookmark');
    const app = await client.applicationApi.createApplication({
      activate: false,
      application: {
        name: 'bookmark',
        label,
        signOnMode: 'BOOKMARK',
        settings: { app: { url: 'https://example.com/' } },
      } as okta.BookmarkApplication,
    });
    expect(app.status).toBe('INACTIVE');
    const listed = await all(client.applicationApi.listApplications({ q: label.toLowerCase(), limit: 1 }));
    expect(listed.map((a) => a.id)).toEqual([app.id]);
    const active = await all(client.applicationApi.listApplications({ filter: 'status eq "ACTIVE"' }));
    expect(active.map((a) => a.id)).not.toContain(app.id);
  });

  it('pages with limit through every app exactly once, following the Link header', async () => {
    const apps = await all(client.applicationApi.listApplications({ limit: 3 }));
    expect(apps.length).toBe(sandbox.org.listApps().length);
    expect(new Set(apps.map((a) => a.id)).size).toBe(apps.length);
  });
});

describe('assignments', () => {
  it('assigns a user once (409 E0000062), updates and unassigns them, each change in the System Log', async () => {
    const app = await bookmark();
    const appId = app.id as string;
    const user = await newUser();
    const assigned = await client.applicationApi.assignUserToApplication({
      appId,
      appUser: { id: user.id, scope: 'USER', credentials: { userName: 'grace' }, profile: { role: 'Admiral' } },
    });
    expect(assigned).toMatchObject({ id: user.id, scope: 'USER', credentials: { userName: 'grace' } });
    expect(assigned._links?.user?.href).toContain(user.id);
    expect(await oktaError(client.applicationApi.assignUserToApplication({ appId, appUser: { id: user.id } }))).toEqual(
      {
        status: 409,
        errorCode: 'E0000062',
      },
    );

    const updated = await client.applicationApi.updateApplicationUser({
      appId,
      userId: user.id as string,
      appUser: { profile: { role: 'Rear Admiral' } },
    });
    expect(updated.profile).toEqual({ role: 'Rear Admiral' });
    const found = await all(client.applicationApi.listApplicationUsers({ appId, q: 'grac' }));
    expect(found.map((u) => u.id)).toEqual([user.id]);

    await client.applicationApi.unassignUserFromApplication({ appId, userId: user.id as string });
    expect(
      (await oktaError(client.applicationApi.getApplicationUser({ appId, userId: user.id as string }))).status,
    ).toBe(404);
    const events = await all(client.systemLogApi.listLogEvents({ filter: `target.id eq "${appId}"` }));
    expect(events.map((e) => e.eventType)).toEqual(
      expect.arrayContaining([
        'application.lifecycle.create',
        'application.user_membership.add',
        'application.user_membership.update',
        'application.user_membership.remove',
      ]),
    );
  });

  it('makes a group’s members app users with scope GROUP, following the group, and keeps direct ones', async () => {
    const app = await bookmark();
    const appId = app.id as string;
    const group = await client.groupApi.createGroup({ group: { profile: { name: unique('Pilots') } } });
    const groupId = group.id as string;
    const [member, direct, joiner] = [await newUser(), await newUser(), await newUser()];
    await client.groupApi.assignUserToGroup({ groupId, userId: member.id as string });
    await client.groupApi.assignUserToGroup({ groupId, userId: direct.id as string });
    await client.applicationApi.assignUserToApplication({ appId, appUser: { id: direct.id } });

    const assignment = await client.applicationApi.assignGroupToApplication({
      appId,
      groupId,
      applicationGroupAssignment: { priority: 0, profile: { role: 'Pilot' } },
    });
    expect(assignment).toMatchObject({ id: groupId, priority: 0 });
    expect(assignment._links?.group?.href).toContain(groupId);
    await client.groupApi.assignUserToGroup({ groupId, userId: joiner.id as string });

    const scopes = async () =>
      Object.fromEntries(
        (await all(client.applicationApi.listApplicationUsers({ appId }))).map((u) => [u.id, u.scope]),
      );
    expect(await scopes()).toEqual({
      [member.id as string]: 'GROUP',
      [direct.id as string]: 'USER',
      [joiner.id as string]: 'GROUP',
    });
    expect(
      await oktaError(client.applicationApi.unassignUserFromApplication({ appId, userId: member.id as string })),
    ).toEqual({ status: 403, errorCode: 'E0000046' });
    const byGroup = await all(client.applicationApi.listApplications({ filter: `group.id eq "${groupId}"` }));
    expect(byGroup.map((a) => a.id)).toEqual([appId]);

    await client.groupApi.unassignUserFromGroup({ groupId, userId: joiner.id as string });
    expect(Object.keys(await scopes())).not.toContain(joiner.id);
    await client.groupApi.deleteGroup({ groupId });
    expect(await scopes()).toEqual({ [direct.id as string]: 'USER' });
    expect(await all(client.applicationApi.listApplicationGroupAssignments({ appId }))).toEqual([]);
  });

  it('drops a deactivated user’s assignments', async () => {
    const app = await bookmark();
    const user = await newUser();
    await client.applicationApi.assignUserToApplication({ appId: app.id as string, appUser: { id: user.id } });
    await client.userApi.deactivateUser({ userId: user.id as string });
    const users = await all(client.applicationApi.listApplicationUsers({ appId: app.id as string }));
    expect(users).toEqual([]);
  });
});
