/**
 * The org-level picklists over real HTTP against the sandbox: realms, policies (dependent on the type), devices and
 * identity sources. Each answers in one request, with the search sent to Okta quoted so it cannot change the query.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { IDENTITY_SOURCE_APP_NAME } from '../../sandbox/org/identity-sources.ts';
import { suiteSandbox } from '../support/org.ts';

const connector = createConnector();
const sandbox = suiteSandbox({ users: 20, seed: 13 });

beforeAll(async () => {
  sandbox.setRateLimits({ enabled: false });
});
beforeEach(() => sandbox.stats.reset());

type Listed = { options: { value: string; label: string; description?: string }[]; nextCursor?: string };
const options = (key: string, call: { search?: string; cursor?: string; input?: unknown } = {}) =>
  connector.listOptions(key, { connection: sandbox.connection, ...call }) as Promise<Listed>;

describe('selectRealm', () => {
  it('searches realm names on Okta with co, quoted', async () => {
    const all = await options('selectRealm');
    expect(all.options.map((o) => o.label)).toEqual(['Default Realm', 'Partners']);
    expect(all.options[0]?.description).toBe('Default realm');
    const found = await options('selectRealm', { search: 'artn' });
    expect(found.options.map((o) => o.label)).toEqual(['Partners']);
    expect(sandbox.stats.requests).toBe(2);
    // Quotes and operators are matched literally: nothing matches, and Okta did not refuse the query.
    const hostile = await options('selectRealm', { search: 'x" or profile.name co "' });
    expect(hostile.options).toEqual([]);
  });
});

describe('selectPolicy', () => {
  it('needs the policy type, and lists that type’s policies by priority', async () => {
    const refused = await connector.listOptions('selectPolicy', { connection: sandbox.connection }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isConnectorError(refused) && refused.kind).toBe('validation');
    expect(sandbox.stats.requests).toBe(0);

    sandbox.org.policies.create({ type: 'OKTA_SIGN_ON', name: 'Contractors sessions' });
    const signOn = await options('selectPolicy', { input: { type: 'OKTA_SIGN_ON' } });
    expect(signOn.options.map((o) => o.label)).toEqual(['Contractors sessions', 'Default Policy']);
    expect(signOn.options[1]?.description).toBe('Active · priority 2 · default policy');
    const searched = await options('selectPolicy', { input: { type: 'OKTA_SIGN_ON' }, search: 'contr' });
    expect(searched.options.map((o) => o.label)).toEqual(['Contractors sessions']);
  });
});

describe('selectDevice', () => {
  it('pages every device once and searches name or serial number', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    // 50 per page: the six seeded devices fit in one; the cursor is absent at the end.
    do {
      const page = await options('selectDevice', cursor ? { cursor } : {});
      seen.push(...page.options.map((o) => o.value));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(sandbox.org.devices.list().length);
    expect(new Set(seen).size).toBe(seen.length);

    const byName = await options('selectDevice', { search: 'pixel' });
    expect(byName.options.map((o) => o.label)).toEqual(['Pixel 8']);
    expect(byName.options[0]?.description).toBe('ANDROID · ACTIVE · SN107919');
    const bySerial = await options('selectDevice', { search: 'SN107919' });
    expect(bySerial.options.map((o) => o.label)).toEqual(['Pixel 8']);
    expect((await options('selectDevice', { search: '\\" or id pr' })).options).toEqual([]);
  });
});

describe('selectIdentitySource', () => {
  it('lists only Custom Identity Source apps, matched on their label', async () => {
    sandbox.org.apps.create({ name: IDENTITY_SOURCE_APP_NAME, label: 'BambooHR feed', signOnMode: 'AUTO_LOGIN' });
    const all = await options('selectIdentitySource');
    expect(all.options.map((o) => o.label).sort()).toEqual(['BambooHR feed', 'Workday HR (Custom Identity Source)']);
    const found = await options('selectIdentitySource', { search: 'bamboo' });
    expect(found.options.map((o) => o.label)).toEqual(['BambooHR feed']);
    expect(sandbox.stats.requests).toBe(2);
  });
});
