/**
 * The secret scan's tap, loaded in every test worker (vitest `setupFiles`), active when `secret-scan-global.ts` has
 * set OKTA_CONNECTOR_SECRET_SCAN_DIR. It records, into a file per worker:
 *
 * - what the suite writes to the console (every log line, every error printed, the host's internal-error reports);
 * - what the host answers over HTTP (JSON, text and event streams), told from the sandbox's and test servers'
 *   answers by path: theirs are Okta's (`/api/v1/…`, `/oauth2/…`), which hold tokens by design;
 * - every ConnectorError serialised (`toJSON`, what the host and CLI show).
 *
 * It also learns the secrets in play from the wire: the `Authorization` and `DPoP` headers every server here
 * receives (API tokens, access tokens, DPoP proofs, webhook secrets), and the tokens the sandbox's token endpoint
 * issues. The global teardown then looks for each of them, and for generic shapes (PEM keys, JWK `d`, signed JWTs,
 * `SSWS` tokens), in everything recorded. Nothing here changes what the code under test does.
 */
import { appendFileSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { format } from 'node:util';
import { afterAll } from 'vitest';
import { ConnectorError } from '../../lib/errors.ts';
import { isCredentialLike } from './secret-scan-global.ts';

const directory = process.env.OKTA_CONNECTOR_SECRET_SCAN_DIR;
/** Okta's own endpoints and the test servers that play them: their answers carry tokens by design. */
const ORG_PATH = /^\/(api\/v1\/|oauth2\/|\.well-known\/|scim\/|integrations\/api\/v1\/|security\/api\/v1\/)/;
const RECORDED_TYPES = /json|text\/plain|text\/html|event-stream/;
const MAX_RECORDED_BODY = 256 * 1024;
const TAPPED = Symbol.for('okta-connector.secret-scan');

interface Tap {
  flush(): void;
  file: string;
  secretsFile: string;
  record(where: string, text: string): void;
  learn(value: string | undefined): void;
}

const WRAPPED = Symbol.for('okta-connector.secret-scan.wrapped');
const global = globalThis as Record<symbol, unknown>;

/** One tap per process: Node's http classes are shared by every test file a worker runs. */
function processTap(directory: string): Tap {
  const existing = global[TAPPED] as Tap | undefined;
  if (existing) return existing;
  const file = join(directory, `captured-${process.pid}.txt`);
  const secretsFile = join(directory, `secrets-${process.pid}.txt`);
  let captured: string[] = [];
  let size = 0;
  const learned = new Set<string>();
  const tap: Tap = {
    file,
    secretsFile,
    flush() {
      if (captured.length) appendFileSync(file, captured.join(''));
      captured = [];
      size = 0;
      if (learned.size) appendFileSync(secretsFile, `${[...learned].join('\n')}\n`);
      learned.clear();
    },
    record(where, text) {
      captured.push(`\u0000${where}\n${text}\n`);
      size += text.length;
      if (size > 1024 * 1024) tap.flush();
    },
    learn(value) {
      // The credential without its scheme; placeholders ("SSWS stolen", a run of x's) are not secrets.
      const secret = value?.replace(/^(SSWS|Bearer|DPoP|Basic)\s+/i, '').trim();
      if (secret && isCredentialLike(secret)) learned.add(secret);
    },
  };
  global[TAPPED] = tap;
  tapServerResponses(tap);
  process.on('exit', () => tap.flush());
  return tap;
}

function tapServerResponses(tap: Tap): void {
  const write = ServerResponse.prototype.write;
  const end = ServerResponse.prototype.end;
  const bodies = new WeakMap<ServerResponse, Buffer[]>();
  const collect = (response: ServerResponse, chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array);
    const list = bodies.get(response) ?? [];
    if (list.reduce((n, b) => n + b.length, 0) < MAX_RECORDED_BODY) list.push(buffer);
    bodies.set(response, list);
  };
  ServerResponse.prototype.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    collect(this, chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof write;
  ServerResponse.prototype.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    collect(this, chunk, rest[0]);
    const request = this.req;
    const path = request?.url ?? '';
    tap.learn(request?.headers.authorization);
    tap.learn(request?.headers.dpop as string | undefined);
    const text = Buffer.concat(bodies.get(this) ?? []).toString('utf8');
    bodies.delete(this);
    if (ORG_PATH.test(path)) {
      // The sandbox's token endpoint: what it issues is a secret wherever else it shows up.
      if (path.includes('/token')) {
        for (const match of text.matchAll(/"(?:access_token|refresh_token|id_token)"\s*:\s*"([^"]+)"/g)) {
          tap.learn(match[1]);
        }
      }
    } else if (RECORDED_TYPES.test(String(this.getHeader('content-type') ?? 'text/plain'))) {
      tap.record(`response ${request?.method} ${path} ${this.statusCode}`, text);
    }
    return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as typeof end;
}

if (directory) {
  const tap = processTap(directory);
  // Per test file: the console and the error classes may be new in each.
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level] as typeof console.log & { [WRAPPED]?: true };
    if (original[WRAPPED]) continue;
    const wrapped = Object.assign(
      (...args: unknown[]) => {
        tap.record(`console.${level}`, format(...args));
        original.apply(console, args);
      },
      { [WRAPPED]: true as const },
    );
    console[level] = wrapped;
  }
  const toJSON = ConnectorError.prototype.toJSON as typeof ConnectorError.prototype.toJSON & { [WRAPPED]?: true };
  if (!toJSON[WRAPPED]) {
    ConnectorError.prototype.toJSON = Object.assign(
      function (this: ConnectorError) {
        const json = toJSON.call(this);
        tap.record('ConnectorError.toJSON', JSON.stringify(json));
        return json;
      },
      { [WRAPPED]: true as const },
    );
  }
  afterAll(() => tap.flush());
}
