/**
 * The output check: what Okta answers is checked against the action's output schema, so that a shape Okta changes
 * is noticed. Here an action reads the sandbox org but declares a schema the answer does not fit, as if Okta had
 * changed it.
 */

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registry } from '../../connector.ts';
import { type ActionDefinition, defineAction, type Logger } from '../../lib/define.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { createRuntime, type RuntimeOptions } from '../../lib/runtime.ts';
import { suiteSandbox } from '../support/org.ts';

const drifted = defineAction({
  key: 'readOrgDrifted',
  label: 'Read org (drifted)',
  description: 'Reads the org, expecting a shape Okta does not send.',
  area: 'org',
  scopes: ['okta.orgs.read'],
  operations: ['GET /api/v1/org'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({}),
  output: z.object({ companyName: z.number() }),
  async run({ okta, signal }) {
    return (await okta.request<{ companyName: number }>({ path: '/api/v1/org', signal })).data;
  },
});

const sandbox = suiteSandbox({ users: 5, seed: 1 });

function runtimeWith(options: RuntimeOptions) {
  return createRuntime({ ...registry, actions: [drifted as unknown as ActionDefinition] }, options);
}

describe('output check', () => {
  it('fails the run in throw mode, naming the field', async () => {
    const runtime = runtimeWith({ outputCheck: 'throw' });
    const error: unknown = await runtime
      .runAction('readOrgDrifted', { connection: sandbox.connection })
      .catch((e) => e);
    if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
    expect(error.code).toBe('UNEXPECTED_OUTPUT');
    expect(error.message).toMatch(/companyName/);
  });

  it('in warn mode returns the output, warns on the first runs, then one run in fifty', async () => {
    const warnings: string[] = [];
    const log: Logger = { debug() {}, info() {}, warn: (message) => warnings.push(message) };
    const runtime = runtimeWith({ outputCheck: 'warn', log });
    const outputs = [];
    for (let i = 0; i < 50; i += 1) {
      outputs.push(await runtime.runAction('readOrgDrifted', { connection: sandbox.connection }));
    }
    expect(outputs.every((o) => (o as { companyName: unknown }).companyName === 'Sandbox Inc.')).toBe(true);
    // Runs 1–20 and run 50.
    expect(warnings).toHaveLength(21);
    expect(warnings[0]).toMatch(/does not match its schema: companyName/);
  });

  it('is skipped when off', async () => {
    const warnings: string[] = [];
    const log: Logger = { debug() {}, info() {}, warn: (message) => warnings.push(message) };
    const runtime = runtimeWith({ outputCheck: 'off', log });
    await runtime.runAction('readOrgDrifted', { connection: sandbox.connection });
    expect(warnings).toEqual([]);
  });
});
