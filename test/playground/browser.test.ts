/**
 * The playground in a real browser, as a person uses it (issue 12, "Done when"): Chromium (Debian's `chromium`,
 * driven by playwright-core) opens the page of a host serving the sandbox org as `npm start` does, creates a user
 * through the form, adds that user to a group chosen in the dropdown by typing part of its name, builds a two-step
 * flow that runs when a user is created (a webhook subscription: Okta's event hook calls the host, the page hears it
 * on `GET /api/events`), creates a user and sees the flow run. Each outcome is checked in the org itself over HTTP,
 * not only on the page. Screenshots go to test/artifacts/ (ignored by git), with the page's asset sizes and its
 * time to first render.
 *
 * Without a Chromium (CHROMIUM_PATH, else /usr/bin/chromium or chromium-browser) the test is skipped, saying so.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playgroundAssets } from '../../host/playground-assets.ts';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => Boolean(path && existsSync(path)),
);
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

if (!CHROMIUM) {
  console.warn(
    'test/playground/browser.test.ts: skipped, no Chromium found (set CHROMIUM_PATH, or `apt-get install -y chromium` as .ci/run does).',
  );
}

describe.skipIf(!CHROMIUM)('the playground in Chromium', () => {
  // What `npm start` (`okta-connector serve`) runs: a seeded sandbox org and the host, its default connection.
  const sandbox = suiteSandbox({});
  const host = suiteHost(() => ({ defaultConnection: sandbox.connection }));
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    profile = await mkdtemp(join(tmpdir(), 'okta-playground-chromium-'));
    // A fresh profile (--user-data-dir) each time; and no network: nothing in Chromium may try to reach one.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1440, height: 1000 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  /** The org's own answer, over HTTP with the sandbox's token: what the page did really happened. */
  async function okta<T>(path: string): Promise<T> {
    const answer = await call<T>(sandbox.url, 'GET', path, undefined, {
      authorization: `SSWS ${sandbox.apiToken}`,
      accept: 'application/json',
    });
    expect(answer.status, path).toBe(200);
    return answer.json;
  }

  async function openStep(key: string) {
    await page.getByRole('tab', { name: 'Steps' }).click();
    await page.locator(`.catalog button[data-key="${key}"]`).click();
    await expect.poll(() => page.locator('[data-testid="unit-view"] .unit-key').textContent()).toBe(key);
  }

  async function createUserThroughForm(login: string) {
    await openStep('createUser');
    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hopper');
    await page.getByLabel('Email').first().fill(login);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="result"] [data-testid="output"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="result"]').textContent()).toContain(login);
  }

  async function chooseInPicklist(field: string, typed: string, option: string) {
    const input = page.locator(`#${field}`);
    await input.click();
    await input.fill(typed);
    await page.getByRole('option', { name: new RegExp(`^${option}`) }).click();
  }

  it('creates a user, adds it to a group picked by typing, and runs a flow on each created user', async () => {
    try {
      await scenario();
    } catch (error) {
      await page.screenshot({ path: join(ARTIFACTS, 'failure.png'), fullPage: true }).catch(() => undefined);
      throw error;
    }
  }, 90_000);

  it('calls an Okta operation picked by searching for it, through the form generated from its spec (issue 28)', async () => {
    try {
      await operationScenario();
    } catch (error) {
      await page.screenshot({ path: join(ARTIFACTS, 'operation-failure.png'), fullPage: true }).catch(() => undefined);
      throw error;
    }
  }, 90_000);

  async function operationScenario() {
    await page.goto(`${host.url}/`);
    await page.locator('.catalog').waitFor();
    await openStep('callOktaOperation');
    // The operation, found by words of its summary: its form replaces the generic one.
    await chooseInPicklist('root_operationId', 'member users', 'List all member users');
    const groupField = page.locator('#root_parameters_groupId');
    await groupField.waitFor();
    expect(await page.locator('[data-testid="unit-view"] form').textContent()).toContain('The `id` of the group');
    // Its groupId is a picker of the org's groups (x-dataSource selectGroup), searched by typing.
    await chooseInPicklist('root_parameters_groupId', 'engin', 'Engineering');
    await page.screenshot({ path: join(ARTIFACTS, '06-operation-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="result"] [data-testid="output"]').waitFor();
    const [engineering] = await okta<{ id: string }[]>('/api/v1/groups?q=Engineering');
    const members = await okta<{ id: string }[]>(`/api/v1/groups/${engineering!.id}/users?limit=1`);
    const shown = (await page.locator('[data-testid="result"]').textContent()) ?? '';
    expect(shown).toContain('listGroupUsers');
    expect(shown).toContain(members[0]!.id);
    await page.screenshot({ path: join(ARTIFACTS, '07-operation-ran.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }

  async function scenario() {
    // The page, and the time to its first render (the manifest's list on screen). The assets are built before, as
    // `serve` does when it starts: the time is the browser's, not esbuild's.
    await playgroundAssets();
    await page.goto(`${host.url}/`);
    await page.locator('.catalog').waitFor();
    const timing = await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const ready = performance.getEntriesByName('playground:ready')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        domContentLoadedMs: Math.round(navigation.domContentLoadedEventEnd),
        firstContentfulPaintMs: paint ? Math.round(paint.startTime) : undefined,
        firstRenderMs: ready ? Math.round(ready.startTime) : undefined,
      };
    });
    const assets = await playgroundAssets();
    const sizes = Object.fromEntries(
      [...assets].map(([name, asset]) => [name, { bytes: asset.body.length, gzip: gzipSync(asset.body).length }]),
    );
    writeFileSync(join(ARTIFACTS, 'playground-metrics.json'), `${JSON.stringify({ timing, sizes }, null, 2)}\n`);
    console.log('playground', JSON.stringify({ timing, sizes }));

    // 1. A user, through the form built from the manifest.
    const first = `grace.${Date.now().toString(36)}@example.com`;
    await createUserThroughForm(first);
    await page.screenshot({ path: join(ARTIFACTS, '01-create-user.png'), fullPage: true });
    const [created] = await okta<{ id: string; profile: { firstName: string } }[]>(
      `/api/v1/users?filter=${encodeURIComponent(`profile.login eq "${first}"`)}`,
    );
    expect(created?.profile.firstName).toBe('Grace');

    // 2. Into a group chosen in the dropdown by typing part of its name; the user from the dropdown by its login.
    await openStep('addUserToGroup');
    await chooseInPicklist('root_groupId', 'engin', 'Engineering');
    await chooseInPicklist('root_userId', first.slice(0, 12), 'Grace Hopper');
    await page.screenshot({ path: join(ARTIFACTS, '02-group-dropdown.png'), fullPage: true });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="result"] [data-testid="output"]').waitFor();
    const [engineering] = await okta<{ id: string }[]>('/api/v1/groups?q=Engineering');
    const members = await okta<{ id: string }[]>(`/api/v1/groups/${engineering!.id}/users`);
    expect(members.map((m) => m.id)).toContain(created!.id);

    // An error shows its kind, Okta's code and what to do; the connection test its diagnostics.
    await openStep('getUser');
    await page.locator('#root_userId').fill('nobody.here@example.com');
    await page.locator('#root_userId').press('Enter');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const error = page.locator('[data-testid="result"] [data-testid="error"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Kindokta.*Okta error codeE0000007.*What to do:/s);
    await page.screenshot({ path: join(ARTIFACTS, '05-okta-error.png') });
    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.locator('[data-testid="diagnostics"]').textContent()).toContain('All checks passed');

    // 3. A flow: when a user is created (webhook), get the user, then add it to Engineering.
    await page.getByRole('tab', { name: 'Flows' }).click();
    await page.getByRole('button', { name: 'New flow' }).click();
    await page.getByLabel('Flow name').fill('New hires into Engineering');
    await page.locator('.react-flow__node').filter({ hasText: 'When:' }).click();
    await page.getByLabel('Search triggers…').fill('user created');
    await page.locator('[data-testid="trigger-picker"] button[data-key="userCreated"]').click();
    await page.getByLabel('Search actions…').fill('get user');
    await page.locator('[data-testid="action-picker"] button[data-key="getUser"]').click();
    await page.getByRole('button', { name: 'Insert a reference into User' }).click();
    await page.getByRole('menuitem', { name: /\{\{trigger\.output\.userId\}\}/ }).click();
    await page.getByLabel('Search actions…').fill('add user to group');
    await page.locator('[data-testid="action-picker"] button[data-key="addUserToGroup"]').click();
    await chooseInPicklist('step2_groupId', 'Eng', 'Engineering');
    await page.getByRole('button', { name: 'Insert a reference into User' }).click();
    await page.getByRole('menuitem', { name: /\{\{steps\.1\.output\.id\}\}/ }).click();
    await expect.poll(() => page.locator('#step2_userId').inputValue()).toBe('{{steps.1.output.id}}');
    await page.getByRole('button', { name: 'Start (webhook)' }).click();
    await page.locator('[data-testid="flow-live"]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '03-flow.png'), fullPage: true });

    // The flow is saved in the browser, without the connection.
    const saved = await page.evaluate(() => localStorage.getItem('okta-connector-playground:flows') ?? '');
    expect(JSON.parse(saved)[0]).toMatchObject({
      name: 'New hires into Engineering',
      trigger: { key: 'userCreated' },
      steps: [{ action: 'getUser' }, { action: 'addUserToGroup', input: { userId: '{{steps.1.output.id}}' } }],
    });
    expect(saved).not.toContain(sandbox.apiToken);

    // 4. Another user: Okta's event hook reaches the host, the page hears it, and the flow runs both steps.
    const second = `ada.${Date.now().toString(36)}@example.com`;
    await createUserThroughForm(second);
    await page.getByRole('tab', { name: 'Flows' }).click();
    const run = page.locator('[data-testid="runs"] details.run').filter({ hasText: 'webhook' }).first();
    await expect.poll(() => run.getAttribute('data-status'), { timeout: 20_000 }).toBe('ok');
    await run.locator(':scope > summary').click();
    await page.screenshot({ path: join(ARTIFACTS, '04-flow-ran.png'), fullPage: true });
    const [hired] = await okta<{ id: string }[]>(
      `/api/v1/users?filter=${encodeURIComponent(`profile.login eq "${second}"`)}`,
    );
    const after = await okta<{ id: string }[]>(`/api/v1/groups/${engineering!.id}/users`);
    expect(after.map((m) => m.id)).toContain(hired!.id);
    await expect.poll(() => run.textContent()).toContain(hired!.id);

    await page.getByRole('button', { name: 'Stop' }).click();
    expect(pageErrors).toEqual([]);
  }
});
