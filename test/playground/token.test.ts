/**
 * Issue 20, item 1, in a real browser: with HOST_API_TOKEN set, the playground asks for the token once, sends it
 * with its calls, and keeps it in the tab's memory only (nothing in localStorage or sessionStorage). Skipped without
 * a Chromium, as test/playground/browser.test.ts is.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => Boolean(path && existsSync(path)),
);
const TOKEN = 'playground-token-0123456789abcdef';

describe.skipIf(!CHROMIUM)('the playground with a host API token', () => {
  const sandbox = suiteSandbox({ users: 3, seed: 5 });
  const host = suiteHost(() => ({ defaultConnection: sandbox.connection, apiToken: TOKEN }));
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'okta-playground-token-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('asks once, sends it, and stores it nowhere (catches: calls without the token, or a token in storage)', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    const prompts: string[] = [];
    page.on('dialog', (dialog) => {
      prompts.push(dialog.message());
      void dialog.accept(TOKEN);
    });
    const refused: string[] = [];
    const sent: string[] = [];
    page.on('response', (response) => {
      if (!new URL(response.url()).pathname.startsWith('/api/')) return;
      if (response.status() === 401) refused.push(response.url());
      else if (response.request().headers().authorization === `Bearer ${TOKEN}`) sent.push(response.url());
    });
    // The manifest loaded, with the token, after the one prompt.
    const loaded = page.waitForResponse((r) => r.url().endsWith('/api/manifest') && r.status() === 200);
    await page.goto(host.url);
    await loaded;
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toContain('HOST_API_TOKEN');
    expect(refused).toHaveLength(1);
    expect(sent.some((url) => url.endsWith('/api/manifest'))).toBe(true);
    const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
    expect(stored).not.toContain(TOKEN);
  }, 90_000);
});
