/**
 * @module Node `okta-trigger`: one message per Okta record of the chosen trigger (`event`, its manifest key), by
 * `delivery`:
 * - `webhook`: routes on Node-RED's HTTP node server at `/okta-connector/hooks/<node id>` (under httpNodeRoot); when
 *   the flow starts, our `subscribe` creates the Okta event hook to `publicUrl` (else `PUBLIC_URL`) + that path, and
 *   when it stops `unsubscribe` deletes it. Okta's verification GET is answered while `subscribe` still waits; each
 *   POST goes through `handleWebhook`, which checks the hook's secret and drops repeats (forged ones emit nothing).
 * - `polling`: our `poll` every `interval` seconds, the state in the node's context (kept across restarts with a
 *   persistent context store); the first poll sets the baseline.
 */
import type { Subscription } from '../../../lib/define.ts';
import { NotFoundError, ValidationError } from '../../../lib/errors.ts';
import type { ConnectionInput } from '../../../lib/runtime.ts';
import { catalogue, type TriggerUnit, triggerUnitFields } from '../../shared/catalogue.ts';
import { inputFromFields } from '../../shared/fields.ts';
import { sharedRuntime } from '../../shared/runtime.ts';
import { valuesFor } from './action.ts';
import {
  connectionOfNode,
  errorStatus,
  type Handler,
  type NodeModule,
  nodeRedError,
  type Red,
  type RedNode,
} from './red.ts';

interface TriggerConfig {
  connection?: string;
  event?: string;
  delivery?: 'webhook' | 'polling';
  /** Seconds between polls. */
  interval?: number | string;
  /** The address Okta reaches this Node-RED's HTTP node server at; `PUBLIC_URL` when empty. */
  publicUrl?: string;
  fields?: Record<string, unknown>;
}

const MIN_INTERVAL_SECONDS = 1;
const DEFAULT_INTERVAL_SECONDS = 60;
const MAX_CHALLENGE = 1024;
/** Okta's deliveries are small (a few events); anything far larger is refused before it is read whole. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The route's path under httpNodeRoot, shown in the dialog. */
export function hookPath(nodeId: string): string {
  return `/okta-connector/hooks/${encodeURIComponent(nodeId)}`;
}

/** The URL Okta calls: the public address, Node-RED's httpNodeRoot, the node's path. */
export function webhookUrlOf(publicUrl: string, httpNodeRoot: string | false | undefined, nodeId: string): string {
  const base = publicUrl.trim().replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/i.test(base)) {
    throw new ValidationError(
      'The trigger needs the public address Okta reaches Node-RED at: set Public URL on the node or PUBLIC_URL (https://…).',
      [{ path: 'publicUrl', message: 'missing or not an http(s) URL' }],
    );
  }
  const root = typeof httpNodeRoot === 'string' ? httpNodeRoot.replace(/^\/*/, '/').replace(/\/+$/, '') : '';
  return `${base}${root}${hookPath(nodeId)}`;
}

export function triggerUnitOf(event: string | undefined, delivery: string | undefined): TriggerUnit {
  const { webhookTriggers, pollingTriggers } = catalogue();
  const units = delivery === 'polling' ? pollingTriggers : webhookTriggers;
  const unit = units.find((candidate) => candidate.trigger.key === event);
  if (!unit) throw new NotFoundError(`There is no ${delivery ?? 'webhook'} trigger "${event ?? ''}" in this package.`);
  return unit;
}

export const oktaTrigger: NodeModule = (RED: Red) => {
  function OktaTriggerNode(this: RedNode, config: TriggerConfig) {
    RED.nodes.createNode(this, config);
    const fail = (caught: unknown) => {
      const error = nodeRedError(caught);
      this.status(errorStatus(error));
      this.error(error);
    };
    let unit: TriggerUnit;
    let input: Record<string, unknown>;
    try {
      unit = triggerUnitOf(config.event, config.delivery);
      const fields = triggerUnitFields(unit);
      const values = valuesFor(
        fields.map((field) => field.name),
        config.fields ?? {},
        undefined,
      );
      input = { ...inputFromFields(fields, values), ...unit.fixedInput };
    } catch (caught) {
      fail(caught);
      return;
    }
    const emit = (records: unknown[]) => {
      for (const record of records) this.send({ payload: record, topic: unit.trigger.key });
    };
    if (unit.delivery === 'polling') startPolling(RED, this, config, unit, input, emit, fail);
    else startWebhook(RED, this, config, unit, input, emit, fail);
  }
  RED.nodes.registerType('okta-trigger', OktaTriggerNode);
};

function startPolling(
  RED: Red,
  node: RedNode,
  config: TriggerConfig,
  unit: TriggerUnit,
  input: Record<string, unknown>,
  emit: (records: unknown[]) => void,
  fail: (error: unknown) => void,
): void {
  const seconds = Math.max(MIN_INTERVAL_SECONDS, Number(config.interval) || DEFAULT_INTERVAL_SECONDS);
  const context = node.context();
  let closed = false;
  let running: Promise<void> = Promise.resolve();
  let polls = 0;
  const pollOnce = async () => {
    try {
      // Another event chosen since the state was kept: that state does not apply.
      const state = context.get('event') === unit.key ? context.get('state') : undefined;
      const connection = connectionOfNode(RED, config.connection);
      const runtime = await sharedRuntime();
      const result = await runtime.poll(unit.trigger.key, { connection, input, state });
      if (closed) return;
      context.set('state', result.state);
      context.set('event', unit.key);
      polls += 1;
      node.status({ fill: 'green', shape: 'dot', text: `polled ${polls}× (${result.records.length} new)` });
      emit(result.records);
    } catch (caught) {
      fail(caught);
    }
  };
  // One poll at a time: a slow poll delays the next rather than overlapping it (same state read twice).
  const schedule = () => {
    running = running.then(pollOnce);
  };
  schedule();
  const timer = setInterval(schedule, seconds * 1000);
  node.on('close', (_removed, done) => {
    closed = true;
    clearInterval(timer);
    void running.finally(done);
  });
}

function startWebhook(
  RED: Red,
  node: RedNode,
  config: TriggerConfig,
  unit: TriggerUnit,
  input: Record<string, unknown>,
  emit: (records: unknown[]) => void,
  fail: (error: unknown) => void,
): void {
  const path = hookPath(node.id);
  const context = node.context();
  let subscription: Subscription | undefined;
  // The connection subscribed with: unsubscribing on close must not depend on the config node, which a stopping
  // flow may have closed already.
  let subscribedWith: ConnectionInput | undefined;

  const verify: Handler = (req, res) => {
    // Okta's one-time verification (a GET with the challenge header): echoing it discloses nothing, and it arrives
    // before subscribe has returned the subscription.
    const challenge = req.headers['x-okta-verification-challenge'];
    if (typeof challenge !== 'string' || challenge.length > MAX_CHALLENGE) {
      res.status(400).json({ error: 'Missing verification challenge.' });
    } else {
      res.status(200).json({ verification: challenge });
    }
  };
  const receive: Handler = (req, res) => {
    void (async () => {
      try {
        if (!subscription) {
          res.status(404).json({ error: 'This trigger has no subscription.' });
          return;
        }
        const body = await rawBody(req);
        if (body === undefined) {
          res.status(413).json({ error: 'The delivery is too large.' });
          return;
        }
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(req.headers as Record<string, string | string[] | undefined>)) {
          headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        const runtime = await sharedRuntime();
        const { response, records } = await runtime.handleWebhook(unit.trigger.key, {
          subscription,
          request: { method: req.method, headers, body },
        });
        for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
        res.status(response.status);
        if (response.body === undefined) res.end();
        else res.json(response.body);
        emit(records);
      } catch (caught) {
        fail(caught);
        if (!res.headersSent) res.status(500).json({ error: 'The delivery could not be handled.' });
      }
    })();
  };
  RED.httpNode.get(path, verify);
  RED.httpNode.post(path, receive);

  const subscribing = (async () => {
    try {
      const publicUrl = config.publicUrl?.trim() || process.env.PUBLIC_URL || '';
      const webhookUrl = webhookUrlOf(publicUrl, RED.settings.httpNodeRoot, node.id);
      const connection = connectionOfNode(RED, config.connection);
      node.status({ fill: 'yellow', shape: 'ring', text: 'subscribing' });
      const runtime = await sharedRuntime();
      subscription = await runtime.subscribe(unit.trigger.key, { connection, input, webhookUrl });
      subscribedWith = connection;
      context.set('subscription', subscription);
      node.status({ fill: 'green', shape: 'dot', text: 'subscribed' });
    } catch (caught) {
      fail(caught);
    }
  })();

  node.on('close', (_removed, done) => {
    removeRoutes(RED, path);
    void (async () => {
      await subscribing;
      const current = subscription;
      subscription = undefined;
      if (current && subscribedWith) {
        try {
          const runtime = await sharedRuntime();
          await runtime.unsubscribe(unit.trigger.key, {
            connection: subscribedWith,
            subscription: current,
          });
          context.set('subscription', undefined);
        } catch (caught) {
          fail(caught);
        }
      }
      node.status({});
      done();
    })();
  });
}

/** Removes this node's routes from Node-RED's HTTP node app, as Node-RED's own HTTP In node does on close. */
function removeRoutes(RED: Red, path: string): void {
  const stack = RED.httpNode._router?.stack;
  if (!stack) return;
  for (let index = stack.length - 1; index >= 0; index--) {
    if (stack[index]?.route?.path === path) stack.splice(index, 1);
  }
}

/** The request's body as text, read here (Node-RED's HTTP node app parses no body); undefined when too large. */
// biome-ignore lint/suspicious/noExplicitAny: express's request
async function rawBody(req: any): Promise<string | undefined> {
  if (req.body !== undefined && typeof req.readable === 'boolean' && !req.readable) {
    return typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
