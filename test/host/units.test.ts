/** The host's small pure parts: the environment's connection, the record bound, error statuses and HTML escaping. */
import { describe, expect, it } from 'vitest';
import { manifest } from '../../connector.ts';
import { connectionFromEnvironment } from '../../host/environment.ts';
import { exitCode, httpStatus } from '../../host/errors.ts';
import { escapeHtml, renderPlayground } from '../../host/playground.ts';
import { MAX_RECORDS, SubscriptionStore } from '../../host/subscriptions.ts';

describe('connectionFromEnvironment', () => {
  it('is undefined without OKTA_DOMAIN', () => {
    expect(connectionFromEnvironment({ OKTA_API_TOKEN: 't' })).toBeUndefined();
  });

  it('prefers an API token', () => {
    expect(
      connectionFromEnvironment({ OKTA_DOMAIN: 'acme.okta.com', OKTA_API_TOKEN: 't', OKTA_CLIENT_ID: 'c' }),
    ).toEqual({ type: 'apiToken', fields: { domain: 'acme.okta.com', apiToken: 't' } });
  });

  it('builds OAuth client credentials, unescaping a one-line PEM', () => {
    const connection = connectionFromEnvironment({
      OKTA_DOMAIN: 'acme.okta.com',
      OKTA_CLIENT_ID: '0oa1',
      OKTA_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----',
      OKTA_KEY_ID: 'kid1',
      OKTA_SCOPES: 'okta.users.read',
    });
    expect(connection).toEqual({
      type: 'oauthClientCredentials',
      fields: {
        domain: 'acme.okta.com',
        clientId: '0oa1',
        privateKey: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
        keyId: 'kid1',
        scopes: 'okta.users.read',
      },
    });
  });
});

describe('SubscriptionStore', () => {
  it(`keeps the last ${MAX_RECORDS} records and tells listeners about each`, () => {
    const store = new SubscriptionStore();
    const subscription = { hookId: 'h', secret: 's', webhookUrl: 'http://127.0.0.1/hooks/a', eventTypes: [] };
    store.add({ id: 'a', trigger: 't', connection: { type: 'apiToken', fields: {} }, subscription });
    const heard: unknown[] = [];
    const stop = store.listen((event) => heard.push(event.record));
    store.deliver(
      'a',
      Array.from({ length: MAX_RECORDS + 5 }, (_, n) => n),
    );
    stop();
    store.deliver('a', ['after']);
    // Kept as their JSON text (issue 20, item 16).
    const records = (store.get('a')?.records ?? []).map((record) => JSON.parse(record.json) as unknown);
    expect(records).toHaveLength(MAX_RECORDS);
    expect(records[0]).toBe(6);
    expect(records.at(-1)).toBe('after');
    expect(heard).toHaveLength(MAX_RECORDS + 5);
  });
});

describe('error mapping', () => {
  it('maps kinds to statuses and exit codes', () => {
    expect(httpStatus({ code: 'INVALID_INPUT', kind: 'validation', message: '' })).toBe(400);
    expect(httpStatus({ code: 'UNKNOWN_KEY', kind: 'validation', message: '' })).toBe(404);
    expect(httpStatus({ code: 'OKTA_UNAUTHORIZED', kind: 'connection', message: '' })).toBe(401);
    expect(httpStatus({ code: 'MISSING_SCOPE', kind: 'connection', message: '', details: { status: 403 } })).toBe(403);
    expect(httpStatus({ code: 'OKTA_NOT_FOUND', kind: 'okta', message: '' })).toBe(502);
    expect(httpStatus({ code: 'TIMEOUT', kind: 'transient', message: '' })).toBe(503);
    expect(httpStatus({ code: 'INTERNAL_ERROR', kind: 'internal', message: '' })).toBe(500);
    // A bug (internal) has its own exit code, apart from transient (5) and a wrong command line (1).
    expect([2, 3, 4, 5, 6]).toEqual(
      (['validation', 'connection', 'okta', 'transient', 'internal'] as const).map((kind) =>
        exitCode({ code: 'INVALID_INPUT', kind, message: '' }),
      ),
    );
  });
});

describe('playground', () => {
  it('escapes HTML', () => {
    expect(escapeHtml(`<script>"&'`)).toBe('&lt;script&gt;&quot;&amp;&#39;');
  });

  it('is a shell that loads the page’s assets from the host itself, by their content hash', () => {
    const assets = new Map([
      ['app.js', { body: new Uint8Array(), contentType: 'text/javascript', hash: 'abc123' }],
      ['app.css', { body: new Uint8Array(), contentType: 'text/css', hash: 'def456' }],
    ]);
    const html = renderPlayground(manifest(), assets, { signIn: { authorized: false, url: '/oauth/start?x="1"' } });
    expect(html).toContain('<script type="module" src="/playground/app.js?v=abc123"></script>');
    expect(html).toContain('href="/playground/app.css?v=def456"');
    expect(html).toContain('data-sign-in-url="/oauth/start?x=&quot;1&quot;"');
    // Nothing from elsewhere: the page works offline.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
