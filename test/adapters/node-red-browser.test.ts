/**
 * The Node-RED package in Node-RED 4's editor, in a real browser (issue 25, "Done when"): `npm pack` of
 * dist/adapters/node-red installed (offline) into a temporary Node-RED user folder, Node-RED 4 started on it (its own
 * `red.js`, from adapters/node_modules) with a flow holding an okta-connection to the sandbox org; Chromium
 * (playwright-core) opens the editor, finds the Okta nodes in the palette, drags an okta-action onto the canvas,
 * opens its dialog, picks Create User and sees its fields, then types part of a group's name into the Groups picker
 * and sees the group offered (through the admin options route and our listOptions). Screenshots go to
 * test/artifacts/ (ignored by git).
 *
 * Catches: a package that does not install or load in Node-RED, nodes missing from the palette, an editor script
 * error, a dialog that does not render the action's fields, a picker that does not reach Okta.
 * Without a Chromium (CHROMIUM_PATH, else /usr/bin/chromium or chromium-browser) the test is skipped, saying so.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suiteSandbox } from '../support/org.ts';
import { packageDir, requireRed } from './node-red-harness.ts';
import { okta } from './okta-api.ts';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => Boolean(path && existsSync(path)),
);
const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!CHROMIUM) {
  console.warn('test/adapters/node-red-browser.test.ts: skipped, no Chromium found (set CHROMIUM_PATH).');
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describe.skipIf(!CHROMIUM)('the Node-RED editor in Chromium', () => {
  const sandbox = suiteSandbox({ users: 30, seed: 25, rateLimits: { enabled: false } });
  let userDir: string;
  let profile: string;
  let nodeRed: ChildProcess;
  let editorUrl: string;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let output = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    userDir = await mkdtemp(join(tmpdir(), 'node-red-user-'));

    // The package as a user gets it: the tarball `npm pack` makes, installed into the user folder.
    const [packed] = JSON.parse(
      execFileSync(npm, ['pack', '--json', '--pack-destination', userDir], { cwd: packageDir, encoding: 'utf8' }),
    ) as { filename: string }[];
    writeFileSync(join(userDir, 'package.json'), '{ "name": "node-red-project", "private": true }\n');
    execFileSync(npm, ['install', join(userDir, packed!.filename), '--offline', '--no-audit', '--no-fund'], {
      cwd: userDir,
      stdio: 'pipe',
    });

    // A flow with the connection node (its token as a credential, unencrypted in this throwaway folder).
    const { domain, apiToken } = sandbox.connection.fields;
    writeFileSync(
      join(userDir, 'flows.json'),
      JSON.stringify([
        { id: 'tab1', type: 'tab', label: 'Flow 1' },
        { id: 'conn1', type: 'okta-connection', name: 'sandbox org', connectionType: 'apiToken', domain },
      ]),
    );
    writeFileSync(join(userDir, 'flows_cred.json'), JSON.stringify({ conn1: { apiToken } }));
    writeFileSync(
      join(userDir, 'settings.js'),
      `module.exports = { flowFile: 'flows.json', credentialSecret: false, uiHost: '127.0.0.1',
  editorTheme: { tours: false, projects: { enabled: false } }, telemetry: { enabled: false },
  diagnostics: { enabled: false }, externalModules: { autoInstall: false, palette: { allowInstall: false } } };\n`,
    );

    const port = await freePort();
    editorUrl = `http://127.0.0.1:${port}/`;
    nodeRed = spawn(
      process.execPath,
      [
        requireRed.resolve('node-red/red.js'),
        '--userDir',
        userDir,
        '--settings',
        join(userDir, 'settings.js'),
        '--port',
        String(port),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_RED_ENABLE_PROJECTS: 'false' } },
    );
    await new Promise<void>((done, fail) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Started flows')) done();
      };
      nodeRed.stdout?.on('data', read);
      nodeRed.stderr?.on('data', read);
      nodeRed.once('exit', (code) => fail(new Error(`Node-RED exited (${code}):\n${output}`)));
    });

    profile = await mkdtemp(join(tmpdir(), 'node-red-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1440, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    if (page && pageErrors.length) {
      await page.screenshot({ path: join(ARTIFACTS, 'node-red-failure.png') }).catch(() => undefined);
    }
    await context?.close();
    nodeRed?.kill();
    if (profile) await rm(profile, { recursive: true, force: true });
    if (userDir) await rm(userDir, { recursive: true, force: true });
  });

  it('shows the Okta nodes in the palette, renders Create User’s fields, and offers a group typed in a picker', async () => {
    expect(output).not.toMatch(/Failed to register|Error loading/);
    await page.goto(editorUrl);
    const action = page.locator('.red-ui-palette-node[data-palette-type="okta-action"]');
    await action.waitFor();
    await expect(page.locator('.red-ui-palette-node[data-palette-type="okta-trigger"]').count()).resolves.toBe(1);
    // Found as a person finds them: "okta" typed into the palette's filter.
    await page.locator('#red-ui-palette-search input').pressSequentially('okta', { delay: 30 });
    await page.locator('.red-ui-palette-node[data-palette-type="inject"]').waitFor({ state: 'hidden' });
    await action.waitFor({ state: 'visible' });
    await page.screenshot({ path: join(ARTIFACTS, 'node-red-01-palette.png') });

    // Onto the canvas, as a person drags it; then its dialog.
    await action.dragTo(page.locator('#red-ui-workspace-chart'), { targetPosition: { x: 300, y: 200 } });
    const placed = page.locator('#red-ui-workspace-chart .red-ui-flow-node-group').first();
    await placed.waitFor();
    await placed.dblclick();
    const select = page.locator('#node-input-action');
    await page.locator('#node-input-action option[value="createUser"]').waitFor({ state: 'attached' });
    // The deployed connection node, as a person picks it.
    await page.locator('#node-input-connection').selectOption('conn1');

    // The searchable list: typing narrows it to the matching actions, grouped by area.
    await page.locator('#okta-action-search').fill('create user');
    await select.selectOption('createUser');
    for (const field of ['firstName', 'lastName', 'email', 'groupIds']) {
      await page.locator(`#okta-field-${field}`).waitFor();
    }
    await expect(page.locator('.okta-field[data-field="firstName"] label').textContent()).resolves.toBe('First name *');
    await page.screenshot({ path: join(ARTIFACTS, 'node-red-02-create-user.png') });

    // The Groups picker: part of a group's name, the group offered from the org.
    const [group] = (await okta(sandbox, '/api/v1/groups?limit=1&filter=type eq "OKTA_GROUP"')) as {
      id: string;
      profile: { name: string };
    }[];
    const typed = group!.profile.name.slice(0, 4);
    await page.locator('#okta-field-groupIds').pressSequentially(typed, { delay: 30 });
    const offered = page.locator(`.okta-picker-option[data-value="${group!.id}"]`);
    await offered.waitFor();
    await expect(offered.textContent()).resolves.toContain(group!.profile.name);
    // Only groups whose name starts with what was typed (the list is drawn at once from one answer): catches the
    // search not reaching Okta, where the first page would offer this group too.
    const shown = await page.locator('.okta-picker-option').allTextContents();
    expect(shown.filter((text) => !text.toLowerCase().startsWith(typed.toLowerCase()))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'node-red-03-group-picker.png') });
    await offered.click();
    await expect(page.locator('#okta-field-groupIds').inputValue()).resolves.toBe(group!.id);

    expect(pageErrors).toEqual([]);
  }, 120_000);
});
