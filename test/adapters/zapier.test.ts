/**
 * The built Zapier package (dist/adapters/zapier/, `npm run build:adapters`) run by Zapier's own production handler:
 * `createAppHandler(App)({ command: 'validate' })` is the schema check Zapier's CLI runs, and `createAppTester(App)`
 * wraps the same Lambda handler Zapier runs each step in (its middlewares, result checks, error handling). Every
 * step reaches the sandbox over real HTTP through our runtime.
 *
 * Catches: a schema Zapier refuses; a create, search, dropdown page or poll that does not reach Okta or gives the
 * wrong records; a dropdown whose next page repeats the first; our error not surfacing as Zapier's with our code;
 * an expired connection not asking the user to reconnect; a polling id that changes between polls.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyPair } from '../connections/harness.ts';
import { suiteSandbox } from '../support/org.ts';

const root = resolve(import.meta.dirname, '../..');
const packageDir = join(root, 'dist', 'adapters', 'zapier');
/** Zapier's packages from adapters/node_modules, as the built package resolves them. */
const zapier = createRequire(join(root, 'adapters', 'package.json'))('zapier-platform-core');
const load = createRequire(join(packageDir, 'package.json'));

// biome-ignore lint/suspicious/noExplicitAny: the app is a plain Zapier definition object
type App = any;
type Bundle = {
  authData?: Record<string, unknown>;
  inputData?: Record<string, unknown>;
  meta?: Record<string, unknown>;
};
type Record_ = Record<string, unknown>;

const sandbox = suiteSandbox({ users: 10, seed: 24, rateLimits: { enabled: false } });
let App: App;
let appTester: (method: unknown, bundle: Bundle) => Promise<unknown>;
let authData: Record<string, unknown>;
/** The groups seeded for the dropdown, by name: more than one page of them. */
const squad = new Map<string, string>();

beforeAll(() => {
  for (let i = 1; i <= 60; i++) {
    const name = `Zap Squad ${String(i).padStart(2, '0')}`;
    squad.set(name, sandbox.org.groups.create({ name, description: `Squad ${i}` }).id);
  }
  App = load('./index.js');
  appTester = zapier.createAppTester(App);
  authData = { connectionType: 'apiToken', domain: sandbox.url, apiToken: sandbox.apiToken };
});

/** Runs a step through Zapier's handler with the sandbox connection. */
const run = <T = Record_>(method: unknown, bundle: Bundle = {}) =>
  appTester(method, { authData, ...bundle }) as Promise<T>;

/** The rejection of a step: Zapier's error. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('The step succeeded.');
    },
    (error: Error) => error,
  );

describe('Zapier validates the app', () => {
  it('the main app and the OAuth2 app report no schema errors', async () => {
    for (const file of ['./index.js', './oauth2.js']) {
      const { results } = await zapier.createAppHandler(load(file))({ command: 'validate' });
      expect(results, file).toEqual([]);
    }
  });

  it('keys each action by its key: writes as creates, reads as searches, with fields named as ours', () => {
    expect(App.platformVersion).toBe(zapier.version);
    expect(Object.keys(App.creates)).toContain('createUser');
    expect(Object.keys(App.searches)).toEqual(expect.arrayContaining(['lookupUser', 'getUser', 'listUserGroups']));
    const groupField = App.creates.addUserToGroup.operation.inputFields.find((f: Record_) => f.key === 'groupId');
    // A dynamic dropdown answered by the hidden trigger of the data source, and the Find Group search beside it.
    expect(groupField).toMatchObject({ dynamic: 'selectGroup.id.name', search: 'lookupGroup.id', required: true });
    expect(App.triggers.selectGroup.display.hidden).toBe(true);
    expect(App.triggers.selectGroup.operation.canPaginate).toBe(true);
  });
});

it('npm pack works in the built folder and ships the apps, the bundle, the samples and the README', () => {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageDir, encoding: 'utf8' }),
  ) as [{ files: { path: string }[]; size: number }];
  expect(packed.files.map((file) => file.path).sort()).toEqual([
    'README.md',
    'data/operation-index.json',
    'index.js',
    'oauth2.js',
    'okta-connector.js',
    'okta.svg',
    'package.json',
    'samples.json',
  ]);
});

describe('the custom authentication', () => {
  it('tests the connection through testConnection and labels it with the domain', async () => {
    const tested = await run<Record_>(App.authentication.test);
    expect(tested.label).toBe(`${sandbox.url.replace(/^https?:\/\//, '')} (API token)`);
    expect(await run(App.authentication.connectionLabel, { inputData: tested })).toBe(tested.label);
  });

  it('an OAuth service app connection: its fields handed to the runtime as they are (private_key_jwt, DPoP)', async () => {
    const key = await keyPair('ES256', 'zap-key');
    const { clientId } = sandbox.oauth.registerServiceApp({
      publicJwks: [key.publicJwk],
      scopes: ['okta.users.read'],
    });
    const serviceApp = {
      connectionType: 'oauthClientCredentials',
      domain: sandbox.url,
      clientId,
      privateKey: key.pem,
      keyId: 'zap-key',
      scopes: 'okta.users.read',
    };
    sandbox.oauth.stats.reset();
    const tested = (await appTester(App.authentication.test, { authData: serviceApp })) as Record_;
    expect(tested.label).toContain('OAuth service app');
    const user = sandbox.org.users.list()[0] as { id: string };
    const found = (await appTester(App.searches.getUser.operation.perform, {
      authData: serviceApp,
      inputData: { userId: user.id },
    })) as Record_[];
    expect(found[0]?.id).toBe(user.id);
    // Signed in with a client assertion and a DPoP proof (the app requires DPoP, as new Okta service apps do).
    expect(sandbox.oauth.stats.tokensIssued).toBeGreaterThan(0);
  });

  it('an API token Okta refuses is Zapier’s expired-auth error, so Zapier asks the user to reconnect', async () => {
    const error = await failure(
      appTester(App.searches.listUserTypes.operation.perform, {
        authData: { ...authData, apiToken: '00-not-the-token-of-this-org-0000000000' },
      }),
    );
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toContain('OKTA_UNAUTHORIZED');
    expect(error.message).not.toContain('00-not-the-token');
  });
});

describe('a user created, found, added to a group picked from the dropdown, and read back', () => {
  it('runs each step through Zapier’s handler', async () => {
    const login = `zap.ada.${Date.now()}@example.com`;
    const created = await run(App.creates.createUser.operation.perform, {
      inputData: { firstName: 'Ada', lastName: 'Zap', email: login, login, activate: 'false' },
    });
    expect(created).toMatchObject({ status: 'STAGED', profile: { login } });

    // The search that finds it by login.
    const found = await run<Record_[]>(App.searches.lookupUser.operation.perform, { inputData: { userId: login } });
    expect(found.map((user) => user.id)).toEqual([created.id]);

    // The dropdown: page 0, then the next page (Okta's cursor), which has the groups the first did not.
    const dropdown = App.triggers.selectGroup.operation.perform;
    const first = await run<Record_[]>(dropdown, { meta: { page: 0, isFillingDynamicDropdown: true } });
    const second = await run<Record_[]>(dropdown, { meta: { page: 1, isFillingDynamicDropdown: true } });
    expect(first).toHaveLength(50);
    expect(second.length).toBeGreaterThan(0);
    const firstIds = new Set(first.map((option) => option.id));
    expect(second.filter((option) => firstIds.has(option.id))).toEqual([]);
    const seeded = new Set(squad.values());
    const chosen = second.find((option) => seeded.has(String(option.id)));
    expect(chosen, 'a seeded group on the next page').toBeDefined();
    const chosenName = [...squad].find(([, id]) => id === chosen?.id)?.[0] as string;
    expect(String(chosen?.name)).toContain(chosenName);

    // The search-powered field: Find Group finds the same group by its name.
    const byName = await run<Record_[]>(App.searches.lookupGroup.operation.perform, {
      inputData: { groupId: chosenName },
    });
    expect(byName.map((group) => group.id)).toEqual([chosen?.id]);

    await run(App.creates.addUserToGroup.operation.perform, { inputData: { groupId: chosen?.id, userId: created.id } });

    const [readBack] = await run<Record_[]>(App.searches.getUser.operation.perform, { inputData: { userId: login } });
    expect(readBack).toMatchObject({ id: created.id, profile: { login, firstName: 'Ada' } });
    const groups = await run<Record_[]>(App.searches.listUserGroups.operation.perform, {
      inputData: { userId: created.id },
    });
    expect(groups.map((group) => group.id)).toContain(chosen?.id);
  });
});

describe('callOktaOperation in the CommonJS bundle', () => {
  // The operation index is read from disk beside the bundle (data/operation-index.json): a CommonJS bundle has no
  // import.meta.url of its own, so the build gives it one from __filename (scripts/build-adapters.ts).
  it('reads the operation index beside the bundle and calls the operation', async () => {
    const answer = await run<Record_>(App.creates.callOktaOperation.operation.perform, {
      inputData: { operationId: 'listGroups', parameters: JSON.stringify({ q: 'Zap Squad 07' }) },
    });
    expect(JSON.stringify(answer)).toContain(squad.get('Zap Squad 07'));
  });
});

describe('the dropdown with Zapier’s cursor storage', () => {
  /**
   * A loopback stand-in for Zapier's RPC service, of which the dropdown uses only the cursor storage (`get_cursor`,
   * `set_cursor` by the step's storeKey): in production Zapier answers these; a local run has no such service.
   */
  async function cursorService() {
    const cursors = new Map<string, unknown>();
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const call = JSON.parse(body) as { id: string; storeKey: string; method: string; params: unknown[] };
        if (call.method === 'set_cursor') cursors.set(call.storeKey, call.params[0]);
        const result = call.method === 'get_cursor' ? (cursors.get(call.storeKey) ?? null) : null;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: call.id, result }));
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/rpc`, cursors, close: () => server.close() };
  }

  it('reads the next page with the cursor stored after the first: one request to Okta, no walk', async () => {
    const service = await cursorService();
    const deployKey = process.env.ZAPIER_DEPLOY_KEY;
    // How Zapier's RPC client authenticates outside Zapier's servers; only this test's loopback service sees it.
    process.env.ZAPIER_DEPLOY_KEY = 'local-cursor-service';
    try {
      const handler = zapier.createAppHandler(App);
      const page = async (n: number) => {
        const { results } = await handler({
          command: 'execute',
          method: 'triggers.selectGroup.operation.perform',
          bundle: { authData, inputData: {}, meta: { page: n, isFillingDynamicDropdown: true } },
          storeKey: 'zap-1-selectGroup',
          rpc_base: service.url,
        });
        return results as Record_[];
      };
      const first = await page(0);
      expect(service.cursors.get('zap-1-selectGroup')).toBeTruthy();
      sandbox.stats.reset();
      const second = await page(1);
      expect(sandbox.stats.requests).toBe(1);
      const firstIds = new Set(first.map((option) => option.id));
      expect(second.length).toBeGreaterThan(0);
      expect(second.filter((option) => firstIds.has(option.id))).toEqual([]);
    } finally {
      if (deployKey === undefined) delete process.env.ZAPIER_DEPLOY_KEY;
      else process.env.ZAPIER_DEPLOY_KEY = deployKey;
      service.close();
    }
  });
});

describe('errors', () => {
  it('an Okta error is Zapier’s error with our code, Okta’s status and error code, and what to do', async () => {
    const user = sandbox.org.users.list()[0] as { id: string };
    const error = await failure(
      run(App.creates.addUserToGroup.operation.perform, {
        inputData: { groupId: '00gnosuchgroup000000', userId: user.id },
      }),
    );
    expect(error.name).toBe('AppError');
    const shown = JSON.parse(error.message) as { message: string; code: string; status: number };
    expect(shown.code).toBe('OKTA_NOT_FOUND');
    expect(shown.status).toBe(404);
    expect(shown.message).toContain('E0000007');
    expect(shown.message).toContain('Check the id or login');
  });

  it('Okta still rate-limiting once the runtime’s retries are spent is Zapier’s throttled error (retried later)', async () => {
    sandbox.faults.inject({ kind: '429', resetInSeconds: 1, match: { method: 'GET' } });
    try {
      const error = await failure(run(App.searches.listUserTypes.operation.perform));
      expect(error.name).toBe('ThrottledError');
      const shown = JSON.parse(error.message) as { message: string; delay: number };
      expect(shown.delay).toBe(60);
      expect(shown.message).toContain('OKTA_RATE_LIMITED');
    } finally {
      sandbox.faults.clear();
    }
  }, 60_000);

  it('bad input names the field and is a validation code, before any request', async () => {
    sandbox.stats.reset();
    const error = await failure(run(App.creates.createUser.operation.perform, { inputData: { profile: '{not json' } }));
    const shown = JSON.parse(error.message) as { message: string; code: string };
    expect(shown.code).toBe('INVALID_INPUT');
    expect(shown.message).toContain('profile');
    expect(sandbox.stats.requests).toBe(0);
  });
});

describe('polling triggers', () => {
  /** What Zapier does with a poll's records: those whose id it has not seen start the Zap. */
  const newRecords = (before: Record_[], after: Record_[]) => {
    const seen = new Set(before.map((record) => record.id));
    return after.filter((record) => !seen.has(record.id));
  };

  it.each([
    ['newUsers', (record: Record_) => record.userId],
    ['userCreatedPolling', (record: Record_) => record.userId],
  ])(
    '%s: a second poll gives the user created since the first, under an id that stays the same',
    async (key, userOf) => {
      const poll = App.triggers[key].operation.perform;
      const first = await run<Record_[]>(poll);
      const login = `zap.poll.${key}.${Date.now()}@example.com`;
      const created = await run(App.creates.createUser.operation.perform, {
        inputData: { firstName: 'Poll', lastName: key, email: login, login, activate: 'false' },
      });
      const second = await run<Record_[]>(poll);
      const fresh = newRecords(first, second);
      expect(fresh.map(userOf)).toEqual([created.id]);
      const [record] = fresh as [Record_];
      if (key === 'userCreatedPolling') {
        // An event card's id is the System Log event's uuid.
        expect(record.id).toBe((record.event as { uuid: string }).uuid);
      }
      // Polled again, the same record has the same id: Zapier does not start the Zap twice.
      const third = await run<Record_[]>(poll);
      expect(newRecords(second, third)).toEqual([]);
      expect(third.find((again) => userOf(again) === created.id)?.id).toBe(record.id);
      // Newest first, as Zapier expects.
      expect(second[0]?.id).toBe(record.id);
    },
  );
});

describe('the OAuth2 app (authorization code with PKCE, oauth2.js)', () => {
  const redirectUri = 'https://zapier.com/dashboard/auth/oauth/return/App1CLIAPI/';

  /** Zapier's side of PKCE (enablePkce): a verifier of its own, its S256 challenge added to the authorize URL. */
  function pkce() {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  }

  it('signs in through Okta’s authorize and token endpoints, runs steps with the access token, refreshes it', async () => {
    const OAuthApp = load('./oauth2.js');
    const tester = zapier.createAppTester(OAuthApp);
    const { clientId, clientSecret } = sandbox.oauth.registerWebApp({
      redirectUris: [redirectUri],
      scopes: ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.groups.manage'],
    });
    const oauthAuthData = { domain: sandbox.url, clientId, clientSecret };
    const { oauth2Config } = OAuthApp.authentication;
    expect(oauth2Config.enablePkce).toBe(true);

    const signIn = async (codeVerifier: string | undefined) => {
      const { verifier, challenge } = pkce();
      const authorizeUrl = new URL(
        (await tester(oauth2Config.authorizeUrl, {
          authData: oauthAuthData,
          inputData: { redirect_uri: redirectUri, state: 'zap-state' },
        })) as string,
      );
      expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${sandbox.url}/oauth2/v1/authorize`);
      authorizeUrl.searchParams.set('code_challenge', challenge);
      authorizeUrl.searchParams.set('code_challenge_method', 'S256');
      // The admin signs in and consents (the sandbox consents at once) and is sent back with a code.
      const back = await fetch(authorizeUrl, { redirect: 'manual' });
      const location = new URL(back.headers.get('location') as string);
      expect(location.searchParams.get('state')).toBe('zap-state');
      return tester(oauth2Config.getAccessToken, {
        authData: oauthAuthData,
        inputData: {
          code: location.searchParams.get('code'),
          redirect_uri: redirectUri,
          ...(codeVerifier === undefined ? { code_verifier: verifier } : { code_verifier: codeVerifier }),
        },
      }) as Promise<{ access_token: string; refresh_token?: string }>;
    };

    // Without the verifier that matches the challenge, Okta refuses the code: PKCE is in force.
    const refused = await failure(signIn('not-the-verifier-of-this-challenge-0000000000'));
    expect(JSON.parse(refused.message)).toMatchObject({ code: 'TOKEN_REFUSED', status: 400 });

    const tokens = await signIn(undefined);
    expect(tokens.access_token).toBeTruthy();
    const signedIn = { ...oauthAuthData, ...tokens };
    const tested = (await tester(OAuthApp.authentication.test, { authData: signedIn })) as Record_;
    expect(tested.label).toContain('signed-in admin');
    const user = sandbox.org.users.list()[0] as { id: string };
    const read = (authData_: Record<string, unknown>) =>
      tester(OAuthApp.searches.getUser.operation.perform, { authData: authData_, inputData: { userId: user.id } });
    expect(((await read(signedIn)) as Record_[])[0]?.id).toBe(user.id);

    // The access token expires: the step asks Zapier to refresh it, and runs again with the refreshed one.
    sandbox.oauth.expireTokens();
    expect((await failure(read(signedIn))).name).toBe('RefreshAuthError');
    const refreshed = (await tester(oauth2Config.refreshAccessToken, { authData: signedIn })) as Record_;
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(((await read({ ...signedIn, ...refreshed })) as Record_[])[0]?.id).toBe(user.id);
  });
});
