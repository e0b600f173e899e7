/**
 * The error taxonomy (issue 13): one catalogue, Okta's statuses mapped onto it with Okta's own code kept, a brand-based
 * guard, and one code for a bug whether the runtime or the host meets it.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorJson, httpStatus } from '../../host/errors.ts';
import { defineAction, defineConnection } from '../../lib/define.ts';
import {
  ConnectorError,
  ERROR_CODES,
  isConnectorError,
  isErrorCode,
  isOktaApiError,
  OktaApiError,
  oktaStatusCode,
  TransientError,
} from '../../lib/errors.ts';
import { createRuntime } from '../../lib/runtime.ts';

describe('the catalogue', () => {
  it('has one case style, a kind and what to do for every code', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(['validation', 'connection', 'okta', 'transient', 'internal']).toContain(entry.kind);
      expect(entry.whatToDo.length, code).toBeGreaterThan(10);
    }
    expect(isErrorCode('OKTA_NOT_FOUND')).toBe(true);
    expect(isErrorCode('E0000007')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });

  it('codes every Okta status with the catalogue’s kind, keeping Okta’s own code beside it', () => {
    const cases: [number, string | undefined, string, string][] = [
      [400, undefined, 'OKTA_BAD_REQUEST', 'okta'],
      [401, undefined, 'OKTA_UNAUTHORIZED', 'connection'],
      [403, 'Bearer error="insufficient_scope"', 'MISSING_SCOPE', 'connection'],
      [403, undefined, 'OKTA_FORBIDDEN', 'okta'],
      [404, undefined, 'OKTA_NOT_FOUND', 'okta'],
      [409, undefined, 'OKTA_CONFLICT', 'okta'],
      [414, undefined, 'OKTA_REFUSED', 'okta'],
      [429, undefined, 'OKTA_RATE_LIMITED', 'transient'],
      [503, undefined, 'OKTA_UNAVAILABLE', 'transient'],
    ];
    for (const [status, wwwAuthenticate, code, kind] of cases) {
      expect(oktaStatusCode(status, wwwAuthenticate)).toBe(code);
      const error = new OktaApiError({
        status,
        method: 'GET',
        path: '/api/v1/users/x',
        body: { errorCode: 'E0000007', errorSummary: 'Not found' },
        ...(wwwAuthenticate ? { wwwAuthenticate } : {}),
      });
      expect(error.toJSON()).toMatchObject({ code, kind, details: { status, errorCode: 'E0000007' } });
      expect(error.errorCode).toBe('E0000007');
    }
  });
});

describe('isOktaApiError', () => {
  const notFound = new OktaApiError({ status: 404, method: 'GET', path: '/api/v1/users/x' });
  it('tells an Okta answer, and its status, from any other error', () => {
    expect(isOktaApiError(notFound)).toBe(true);
    expect(isOktaApiError(notFound, 404)).toBe(true);
    expect(isOktaApiError(notFound, 400)).toBe(false);
    expect(isOktaApiError(new TransientError('TIMEOUT', 'slow'))).toBe(false);
    expect(isOktaApiError(new ConnectorError('okta', 'OKTA_NOT_FOUND', 'made up'))).toBe(false);
    expect(isOktaApiError(new Error('x'))).toBe(false);
    expect(isOktaApiError(null)).toBe(false);
  });

  it('holds across realms, where instanceof does not: it reads the brands, not the prototype', () => {
    const copy = Object.assign(Object.create(null), notFound, {
      [Symbol.for('okta-connector.error')]: true,
      [Symbol.for('okta-connector.okta-api-error')]: true,
    });
    expect(copy instanceof OktaApiError).toBe(false);
    expect(isConnectorError(copy)).toBe(true);
    expect(isOktaApiError(copy, 404)).toBe(true);
  });
});

describe('a bug inside an action', () => {
  it('is INTERNAL_ERROR, internal, 500, in the runtime and in the host alike', async () => {
    const buggy = defineAction({
      key: 'buggy',
      label: 'Buggy',
      description: 'Throws a TypeError, as a bug would.',
      area: 'misc',
      hints: { readOnly: true, destructive: false, idempotent: true },
      scopes: [],
      operations: [],
      input: z.object({}),
      output: z.object({}),
      run: async () => {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    // A connection that authorises without a network: the action's own bug is all there is to classify.
    const local = defineConnection({
      key: 'local',
      label: 'Local',
      description: 'No network.',
      fields: z.object({}),
      authorize: () => ({ origin: 'http://127.0.0.1:9', headers: () => ({}), secrets: [], principal: 'local' }),
      test: async () => ({ ok: true, checks: [], warnings: [] }),
    });
    const runtime = createRuntime({ actions: [buggy], triggers: [], dataSources: [], connections: [local] });
    const fromRuntime = await runtime
      .runAction('buggy', { connection: { type: 'local', fields: {} }, input: {} })
      .catch((e: unknown) => e);
    const fromHost = errorJson(new TypeError('boom'));
    expect(isConnectorError(fromRuntime) && fromRuntime.toJSON()).toMatchObject({
      code: 'INTERNAL_ERROR',
      kind: 'internal',
    });
    expect(fromHost).toMatchObject({ code: 'INTERNAL_ERROR', kind: 'internal' });
    expect(httpStatus(fromHost)).toBe(500);
    expect(httpStatus(errorJson(fromRuntime))).toBe(500);
  });
});
