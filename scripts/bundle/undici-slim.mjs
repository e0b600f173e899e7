/**
 * What dist/connector.js takes from undici: `Agent` and `request` (lib/http/client.ts, lib/auth/token-endpoint.ts),
 * without the rest of undici's index (fetch, WebSocket, the caches, the mocks, the proxies). Requiring these files
 * costs some 60 ms of CPU and 11 MiB of RSS; requiring undici's index, 220 ms and 20 MiB (Node 20, measured alike).
 *
 * scripts/bundle.ts resolves `undici` to this file for the connector's bundle only. A name the connector imports and
 * this file does not export fails the build (esbuild checks named imports of an ES module): nothing goes missing.
 */

import api from 'undici/lib/api/index.js';
import errors from 'undici/lib/core/errors.js';
import util from 'undici/lib/core/util.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import globals from 'undici/lib/global.js';

// As undici's index does: `dispatcher.request(…)` and the other API methods on every dispatcher.
Object.assign(Dispatcher.prototype, api);

/** undici's `request(url, options)`: its index's `makeDispatcher(api.request)`, as undici 7 writes it. */
function request(url, opts, handler) {
  if (typeof opts === 'function') {
    handler = opts;
    opts = null;
  }
  if (!url || (typeof url !== 'string' && typeof url !== 'object' && !(url instanceof URL))) {
    throw new errors.InvalidArgumentError('invalid url');
  }
  if (opts != null && typeof opts !== 'object') throw new errors.InvalidArgumentError('invalid opts');
  if (opts?.path != null) {
    if (typeof opts.path !== 'string') throw new errors.InvalidArgumentError('invalid opts.path');
    const path = opts.path.startsWith('/') ? opts.path : `/${opts.path}`;
    url = new URL(util.parseOrigin(url).origin + path);
  } else {
    if (!opts) opts = typeof url === 'object' ? url : {};
    url = util.parseURL(url);
  }
  const { agent, dispatcher = globals.getGlobalDispatcher() } = opts;
  if (agent) throw new errors.InvalidArgumentError('unsupported opts.agent. Did you mean opts.client?');
  return api.request.call(
    dispatcher,
    {
      ...opts,
      origin: url.origin,
      path: url.search ? `${url.pathname}${url.search}` : url.pathname,
      method: opts.method || (opts.body ? 'PUT' : 'GET'),
    },
    handler,
  );
}

export { Agent, Dispatcher, errors, request };
