/**
 * Secrets that really reach an error or a log line, and must be masked there: an org (or a proxy in front of it)
 * whose error body echoes the Authorization header it was sent, and a platform credential provider whose network
 * failure quotes the header it holds. Each test first checks that the mask is there — the secret did reach the
 * error — so it fails if redaction stops working, not only if the scenario stops leaking.
 */
import { inspect } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { type RunningHost, startHost } from '../../host/server.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { type RawOrg, startRawOrg } from '../lib/raw-org.ts';
import { suiteSandbox } from '../support/org.ts';
import { suiteResource } from '../support/suite.ts';

const MASK = '[REDACTED]';
const TOKEN = '00EchoedToken-0123456789abcdefghij';

const org: RawOrg = suiteResource('raw org', startRawOrg, (o) => o.close());
const sandbox = suiteSandbox({ users: 3, seed: 4 });
const lines: string[] = [];
const record = (level: string) => (message: string, data?: Record<string, unknown>) =>
  void lines.push(`${level} ${message} ${JSON.stringify(data ?? {})}`);
const connector = createConnector({
  log: { debug: record('debug'), info: record('info'), warn: record('warn') },
  client: { retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 2 } },
});

beforeEach(() => {
  lines.length = 0;
});

/** Everything a flow builder or a log could show of an error, its cause included. */
function everything(error: unknown): string {
  const e = error as Error & { details?: unknown; toJSON?: () => unknown };
  return [
    JSON.stringify({ ...e, message: e.message, stack: e.stack, details: e.details, json: e.toJSON?.() }),
    inspect(error, { depth: 10 }),
  ].join('\n');
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

/** The org answers every request with `status` and a body quoting the request's Authorization header. */
function echoingOrg(status: number, format: 'okta-json' | 'text') {
  org.handle((request, response) => {
    const echoed = `Authorization: ${request.headers.authorization}`;
    if (format === 'text') {
      response.writeHead(status, { 'content-type': 'text/html' });
      response.end(`<html><body>Request refused. ${echoed}</body></html>`);
      return;
    }
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        errorCode: 'E0000003',
        errorSummary: `The request body was not well-formed. ${echoed}`,
        errorCauses: [{ errorSummary: echoed }],
        errorId: 'oaeEchoed',
      }),
    );
  });
}

const echoConnection = () => ({ type: 'apiToken', fields: { domain: org.origin, apiToken: TOKEN } });

describe('an error body that echoes the token', () => {
  it('is masked in the error, its message, details, fields and cause, whatever the body format', async () => {
    for (const [status, format] of [
      [400, 'okta-json'],
      [401, 'okta-json'],
      [502, 'text'],
    ] as const) {
      echoingOrg(status, format);
      const error = await failure(
        connector.runAction('getUser', { connection: echoConnection(), input: { userId: '00uEchoed' } }),
      );
      const text = everything(error);
      expect(text, `${status} ${format}`).toContain(MASK);
      expect(text, `${status} ${format}`).not.toContain(TOKEN);
    }
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('is masked in the host’s JSON answer', async () => {
    echoingOrg(400, 'okta-json');
    let host: RunningHost | undefined;
    try {
      host = await startHost({ port: 0, defaultConnection: echoConnection() });
      const response = await fetch(`${host.url}/api/actions/getUser`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: { userId: '00uEchoed' } }),
      });
      const text = await response.text();
      expect(response.status).toBe(502);
      expect(JSON.parse(text).error.details.errorCode).toBe('E0000003');
      expect(text).toContain(MASK);
      expect(text).not.toContain(TOKEN);
    } finally {
      await host?.close();
    }
  });
});

describe('a network failure that quotes the header', () => {
  /** A named credential whose provider fails `failures` times, as a vault client whose error quotes its value. */
  function flakyProvider(failures: number) {
    const header = `SSWS ${sandbox.apiToken}`;
    let calls = 0;
    const authorization = async () => {
      calls += 1;
      // The first call succeeds, so the connection knows the value it must mask.
      if (calls > 1 && calls <= failures + 1) {
        const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8200'), { code: 'ECONNREFUSED' });
        throw new Error(`The vault could not renew the lease on "${header}"`, { cause: refused });
      }
      return header;
    };
    return { type: 'namedCredential', fields: { domain: sandbox.url, authorization } };
  }
  const userId = () => sandbox.org.listUsers()[0]?.id as string;

  it('is masked in the retry’s log line', async () => {
    const connection = flakyProvider(1);
    await connector.runAction('getUser', { connection, input: { userId: userId() } });
    await connector.runAction('getUser', { connection, input: { userId: userId() } });
    const retries = lines.filter((line) => /retrying/.test(line));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toContain(MASK);
    expect(lines.join('\n')).not.toContain(sandbox.apiToken);
  });

  it('is masked in the error once the retries are spent, and in the log lines before it', async () => {
    const connection = flakyProvider(10);
    await connector.runAction('getUser', { connection, input: { userId: userId() } });
    const error = await failure(connector.runAction('getUser', { connection, input: { userId: userId() } }));
    expect(lines.filter((line) => /retrying/.test(line))).toHaveLength(2);
    const text = everything(error);
    expect(text).toContain(MASK);
    expect(text).not.toContain(sandbox.apiToken);
    expect(lines.join('\n')).not.toContain(sandbox.apiToken);
  });
});
