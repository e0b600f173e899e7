/**
 * @module Flows as data, and how one runs: a trigger and actions in order, where a step's input may refer to the
 * trigger's record or an earlier step's output as `{{trigger.output.userId}}` or `{{steps.1.output.id}}`. A value
 * that is one reference takes the referred value as it is (an object stays an object); references inside longer
 * text are written into it. Each action runs through the host, which validates the filled-in input.
 */
import type { ActionEntry, ErrorInfo, Manifest, Schema, TriggerEntry } from './types.ts';

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
