/**
 * @module Flows as data, and how one runs: a trigger and actions in order, where a step's input may refer to the
 * trigger's record or an earlier step's output as `{{trigger.output.userId}}` or `{{steps.1.output.id}}`. A value
 * that is one reference takes the referred value as it is (an object stays an object); references inside longer
 * text are written into it. Each action runs through the host, which validates the filled-in input. A started flow
 * runs on each record of its trigger: delivered by webhook (a subscription) or polled every few seconds.
 */
import { ApiError, post, request } from './api.ts';
import { eventsReady, onDelivery } from './events.ts';
import type { ActionEntry, ErrorInfo, Manifest, Schema, TriggerEntry } from './types.ts';

const POLL_EVERY_MS = 3_000;

export interface FlowStep {
  id: string;
  action: string;
  input: Record<string, unknown>;
}

export interface Flow {
  id: string;
  name: string;
  trigger?: { key: string; input: Record<string, unknown> } | undefined;
  steps: FlowStep[];
}

export interface StepRun {
  stepId: string;
  action: string;
  status: 'ok' | 'error' | 'skipped';
  input?: unknown;
  output?: unknown;
  error?: ErrorInfo;
}

export interface FlowRun {
  id: string;
  startedAt: string;
  cause: 'manual' | 'poll' | 'webhook';
  trigger: unknown;
  status: 'running' | 'ok' | 'error';
  steps: StepRun[];
}

const WHOLE = /^\{\{\s*([^{}]+?)\s*\}\}$/;
const ANY = /\{\{\s*([^{}]+?)\s*\}\}/g;

/** Thrown when a reference names nothing: which step, which field, which reference. */
export class ReferenceError_ extends Error {
  constructor(
    readonly ref: string,
    readonly field: string,
  ) {
    super(`{{${ref}}} in “${field}” has no value: the trigger or an earlier step gave nothing there.`);
  }
}

function lookup(ref: string, context: Record<string, unknown>): unknown {
  let at: unknown = context;
  for (const part of ref.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

export function fillReferences(value: unknown, context: Record<string, unknown>, field: string): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) {
      const found = lookup(whole[1]!, context);
      if (found === undefined) throw new ReferenceError_(whole[1]!, field);
      return found;
    }
    return value.replace(ANY, (_, ref: string) => {
      const found = lookup(ref, context);
      if (found === undefined || found === null) throw new ReferenceError_(ref, field);
      return typeof found === 'object' ? JSON.stringify(found) : String(found);
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => fillReferences(item, context, `${field}.${index}`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillReferences(item, context, field ? `${field}.${key}` : key)]),
    );
  }
  return value;
}

/** Paths to the scalar fields of an output schema (`id`, `profile.login`), a few levels deep. */
export function outputPaths(
  schema: Schema | undefined,
  prefix = '',
  depth = 0,
): { path: string; description: string }[] {
  if (!schema || typeof schema !== 'object' || depth > 2) return [];
  const paths: { path: string; description: string }[] = [];
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    if (typeof raw !== 'object') continue;
    const field = raw as Schema;
    const path = prefix ? `${prefix}.${name}` : name;
    const types = ([] as unknown[]).concat(field.type ?? []);
    if (types.includes('object') && field.properties) paths.push(...outputPaths(field, path, depth + 1));
    else if (!types.includes('array') && !types.includes('object')) {
      paths.push({ path, description: field.title ?? field.description ?? '' });
    }
  }
  return paths;
}

/** The references a step may use: the trigger's record and every earlier step's output. */
export function referencesFor(flow: Flow, stepIndex: number, manifest: Manifest): { ref: string; label: string }[] {
  const refs: { ref: string; label: string }[] = [];
  const trigger = flow.trigger && manifest.triggers.find((t) => t.key === flow.trigger?.key);
  if (trigger) {
    for (const { path, description } of outputPaths(trigger.outputSchema).slice(0, 40)) {
      refs.push({ ref: `trigger.output.${path}`, label: `${trigger.label}: ${description || path}` });
    }
  }
  flow.steps.slice(0, stepIndex).forEach((step, index) => {
    const action = manifest.actions.find((a) => a.key === step.action);
    for (const { path, description } of outputPaths(action?.outputSchema).slice(0, 40)) {
      refs.push({
        ref: `steps.${index + 1}.output.${path}`,
        label: `${index + 1}. ${action?.label}: ${description || path}`,
      });
    }
  });
  return refs;
}

/**
 * Step inputs without their write-only fields (a password): what is saved in the browser. A secret typed into a
 * step lives only in memory, like a connection's.
 */
export function withoutSecrets(flow: Flow, manifest: Manifest): Flow {
  return {
    ...flow,
    steps: flow.steps.map((step) => {
      const action = manifest.actions.find((a) => a.key === step.action);
      const properties = (action?.inputSchema.properties ?? {}) as Record<string, Schema>;
      const input = Object.fromEntries(
        Object.entries(step.input).filter(
          ([name]) => !(properties[name]?.writeOnly || properties[name]?.format === 'password'),
        ),
      );
      return { ...step, input };
    }),
  };
}

export function triggerOf(flow: Flow, manifest: Manifest): TriggerEntry | undefined {
  return flow.trigger ? manifest.triggers.find((t) => t.key === flow.trigger?.key) : undefined;
}

export function actionOf(step: FlowStep, manifest: Manifest): ActionEntry | undefined {
  return manifest.actions.find((a) => a.key === step.action);
}

/** How a started flow listens: webhook delivery, else polling. */
export function deliveryOf(flow: Flow, manifest: Manifest): 'webhook' | 'polling' | undefined {
  const trigger = triggerOf(flow, manifest);
  if (!trigger) return undefined;
  if (trigger.kind === 'webhook') return 'webhook';
  if (trigger.kind === 'polling') return 'polling';
  return (flow.trigger?.input.delivery ?? 'webhook') === 'polling' ? 'polling' : 'webhook';
}

export const newId = () => crypto.randomUUID().slice(0, 8);

/** What a failure shows on the page: the host's error, a reference naming nothing, or the page's own bug. */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof ApiError) return error.info;
  if (error instanceof ReferenceError_) {
    return {
      code: 'UNRESOLVED_REFERENCE',
      kind: 'validation',
      message: error.message,
      details: { issues: [{ path: error.field, message: error.message }] },
    };
  }
  return { code: 'PAGE_ERROR', kind: 'internal', message: String(error) };
}

/**
 * Runs a flow's actions in order for one trigger record, each through the host; stops at the first failure and marks
 * the rest skipped. `record` is told of the run after each step (a new object each time, for React).
 */
export async function runFlow(
  flow: Flow,
  cause: FlowRun['cause'],
  triggerRecord: unknown,
  record: (run: FlowRun) => void,
): Promise<void> {
  const run: FlowRun = {
    id: newId(),
    startedAt: new Date().toISOString(),
    cause,
    trigger: triggerRecord,
    status: 'running',
    steps: [],
  };
  record(run);
  const context: Record<string, unknown> = { trigger: { output: triggerRecord ?? {} }, steps: {} };
  for (const [index, step] of flow.steps.entries()) {
    let stepRun: StepRun;
    try {
      const input = fillReferences(step.input, context, '') as Record<string, unknown>;
      try {
        const { output } = await post<{ output: unknown }>(`/api/actions/${encodeURIComponent(step.action)}`, {
          input,
        });
        (context.steps as Record<string, unknown>)[String(index + 1)] = { output };
        stepRun = { stepId: step.id, action: step.action, status: 'ok', input, output };
      } catch (error) {
        stepRun = { stepId: step.id, action: step.action, status: 'error', input, error: errorInfo(error) };
      }
    } catch (error) {
      stepRun = { stepId: step.id, action: step.action, status: 'error', error: errorInfo(error) };
    }
    run.steps = [...run.steps, stepRun];
    if (stepRun.status === 'error') {
      run.status = 'error';
      for (const rest of flow.steps.slice(index + 1)) {
        run.steps = [...run.steps, { stepId: rest.id, action: rest.action, status: 'skipped' }];
      }
      record({ ...run });
      return;
    }
    record({ ...run });
  }
  run.status = 'ok';
  record({ ...run });
}

/** A started flow: what it does, and how to stop it. */
export interface Runner {
  stop(): Promise<void>;
  describe: string;
}

/**
 * Starts a flow on its trigger: subscribes (and runs on each delivery), or polls now and every few seconds (and runs on
 * each new record). Undefined when the flow has no trigger. A poll that fails is told to `problem`, and polling goes on.
 */
export async function startFlow(
  flow: Flow,
  manifest: Manifest,
  on: { run(cause: FlowRun['cause'], record: unknown): Promise<void>; problem(error: unknown): void },
): Promise<Runner | undefined> {
  const trigger = triggerOf(flow, manifest);
  if (!trigger || !flow.trigger) return undefined;
  const path = `/api/triggers/${encodeURIComponent(trigger.key)}`;
  if (deliveryOf(flow, manifest) === 'webhook') {
    await eventsReady();
    const pending: unknown[] = [];
    let subscriptionId: string | undefined;
    // Listening first: a record may arrive while the subscription is being answered.
    const stopListening = onDelivery((event) => {
      if (subscriptionId === undefined) pending.push(event);
      else if (event.subscriptionId === subscriptionId) void on.run('webhook', event.record);
    });
    const created = await post<{ id: string }>(`${path}/subscriptions`, { input: flow.trigger.input });
    subscriptionId = created.id;
    return {
      describe: `Subscribed: runs on each ${trigger.label} event`,
      async stop() {
        stopListening();
        await request('DELETE', `${path}/subscriptions/${created.id}`);
      },
    };
  }
  let state: unknown;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const input = flow.trigger.input;
  const poll = async () => {
    try {
      const result = await post<{ records: unknown[]; state: unknown }>(`${path}/poll`, {
        input,
        ...(state === undefined ? {} : { state }),
      });
      state = result.state;
      for (const item of result.records) await on.run('poll', item);
    } catch (error) {
      on.problem(error);
    }
    if (!stopped) timer = setTimeout(poll, POLL_EVERY_MS);
  };
  await poll();
  return {
    describe: `Polling every ${POLL_EVERY_MS / 1000} s: runs on each new record`,
    async stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
