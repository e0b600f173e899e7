#!/usr/bin/env node
/**
 * Installs the flow builders' packages the adapter tests load (adapters/package.json) into adapters/node_modules,
 * only when that folder is missing or adapters/package-lock.json changed since the last install (a hash stamp in
 * adapters/node_modules). They are never dependencies of okta-connector: `npm install && npm start` stays as light
 * as it is, and `npm test` runs this first. Plain JavaScript, so it runs before anything is built.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const adapters = resolve(import.meta.dirname, '..', 'adapters');
const lockfile = resolve(adapters, 'package-lock.json');
const modules = resolve(adapters, 'node_modules');
const stamp = resolve(modules, '.okta-connector-lock-hash');

const wanted = createHash('sha256').update(readFileSync(lockfile)).digest('hex');
const installed = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : undefined;

if (existsSync(modules) && installed === wanted) {
  console.log('adapters/node_modules is up to date.');
} else {
  console.log('Installing the flow builders’ packages into adapters/node_modules (npm ci --prefix adapters)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--prefix', adapters, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  writeFileSync(stamp, `${wanted}\n`);
}
