/** The host's limits: defaults, overrides from startHost and from HOST_* variables, and values refused. */
import { describe, expect, it } from 'vitest';
import { main } from '../../host/commands.ts';
import {
  DEFAULT_HOST_LIMITS,
  HostLimitsError,
  hostLimits,
  limitsFromEnvironment,
  serverOptions,
} from '../../host/limits.ts';

describe('host limits', () => {
  it('bound slow clients in seconds, not Node’s minutes', () => {
    const options = serverOptions(hostLimits());
    expect(options).toEqual({
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 1_000,
      maxHeaderSize: 16 * 1024,
    });
    expect(DEFAULT_HOST_LIMITS.maxConnections).toBe(1_024);
  });

  it('read HOST_* variables, keeping the defaults of those unset', () => {
    const limits = limitsFromEnvironment({
      HOST_REQUEST_TIMEOUT_MS: ' 60000 ',
      HOST_MAX_BODY_BYTES: '',
      HOST_MAX_CONNECTIONS: '8',
    });
    expect(limits).toEqual({ requestTimeoutMs: 60_000, maxConnections: 8 });
    expect(hostLimits(limits)).toMatchObject({
      requestTimeoutMs: 60_000,
      maxConnections: 8,
      maxBodyBytes: 1024 * 1024,
    });
  });

  it.each([
    [{ HOST_HEADERS_TIMEOUT_MS: '10s' }, /HOST_HEADERS_TIMEOUT_MS must be a positive whole number, not "10s"/],
    [{ HOST_MAX_HEADER_BYTES: '-1' }, /HOST_MAX_HEADER_BYTES/],
  ])('refuse %j, naming the variable', (env, message) => {
    expect(() => limitsFromEnvironment(env)).toThrow(message);
  });

  it('refuse a zero, a fraction, and a head due after the whole request', () => {
    expect(() => hostLimits({ maxConnections: 0 })).toThrow(HostLimitsError);
    expect(() => hostLimits({ keepAliveTimeoutMs: 1.5 })).toThrow(/keepAliveTimeoutMs/);
    expect(() => hostLimits({ headersTimeoutMs: 40_000 })).toThrow(/cannot exceed the request timeout/);
  });

  it('make `serve` fail as a wrong command line (exit 1) before anything starts', async () => {
    let stderr = '';
    const code = await main(['serve', '--port', '0'], {
      env: { HOST_REQUEST_TIMEOUT_MS: 'soon' },
      stdout: () => undefined,
      stderr: (text) => {
        stderr += text;
      },
      stopped: () => Promise.reject(new Error('the host started')),
    });
    expect(code).toBe(1);
    const error = JSON.parse(stderr.split('\n')[0] ?? '').error;
    // Shaped like every other error (issue 20, item 13): kind and details naming the variable.
    expect(error).toEqual({
      code: 'USAGE',
      kind: 'validation',
      message: 'HOST_REQUEST_TIMEOUT_MS must be a positive whole number, not "soon".',
      details: { variable: 'HOST_REQUEST_TIMEOUT_MS', see: 'SECURITY.md', help: 'okta-connector help [command]' },
    });
  });
});
