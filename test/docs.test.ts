/**
 * @module A clone has no documents beyond its own: every comment, test and doc cites docs/ in the repo, and every
 * section it cites exists there (scripts/repoint-doc-citations.sh --check, which fails on a citation of a file outside
 * the repo, a §n missing from docs/okta.md, or a heading missing from docs/architecture.md).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';

it('cites no document outside the repo, and every cited section of docs/ exists', () => {
  const root = resolve(import.meta.dirname, '..');
  const check = spawnSync('bash', ['scripts/repoint-doc-citations.sh', '--check'], { cwd: root, encoding: 'utf8' });
  expect(check.stdout + check.stderr).toContain('no citation of a file outside the repo');
  expect(check.status, check.stdout + check.stderr).toBe(0);
});
