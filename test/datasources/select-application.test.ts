/** The selectApplication picklist over real HTTP against the sandbox: Okta's `q`, one request per call, every page. */
import { describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { useSandbox } from '../actions/harness.ts';

const t = useSandbox({ users: 10, seed: 5 });
const connector = createConnector({ outputCheck: 'throw' });
const options = (search?: string, cursor?: string) =>
  connector.listOptions('selectApplication', {
    connection: t.sandbox.connection,
    ...(search !== undefined ? { search } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
  });

async function createApp(label: string) {
  await t.run('rawRequest', {
    method: 'POST',
    path: '/api/v1/apps',
    body: { name: 'bookmark', label, signOnMode: 'BOOKMARK', settings: { app: { url: 'https://example.com/' } } },
  });
}

describe('selectApplication', () => {
  it('labels each app with its sign-on mode, and pages through every app once', async () => {
    for (let i = 0; i < 60; i += 1) await createApp(`Bookmark ${String(i).padStart(2, '0')}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      t.sandbox.stats.reset();
      const page = await options(undefined, cursor);
      expect(t.sandbox.stats.requests).toBe(1);
      seen.push(...page.options.map((o) => o.value));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(t.sandbox.org.listApps().length);
    expect(new Set(seen).size).toBe(seen.length);
    const first = await options();
    expect(first.options[0]?.label).toMatch(/^.+ \((SAML_2_0|OPENID_CONNECT|BROWSER_PLUGIN|BOOKMARK)\)$/);
  });

  it('sends the search to Okta as q, in one request, matched literally', async () => {
    await createApp('Payroll "Tool" \\ or 1');
    t.sandbox.stats.reset();
    const found = await options('payroll "tool" \\');
    expect(found.options.map((o) => o.label)).toEqual(['Payroll "Tool" \\ or 1 (BOOKMARK)']);
    expect(t.sandbox.stats.requests).toBe(1);
    expect(t.sandbox.stats.requestLog[0]?.query).toContain('q=');
    expect((await options('" or name eq "')).options).toEqual([]);
  });
});
