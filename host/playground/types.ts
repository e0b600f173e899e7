/** @module The shapes the page reads: the manifest (as served by `GET /api/manifest`) and the host's answers. */
import type { RJSFSchema } from '@rjsf/utils';

export type Schema = RJSFSchema & {
  'x-dataSource'?: string;
  'x-placeholder'?: string;
};

export interface UnitBase {
  key: string;
  label: string;
  description: string;
  scopes: string[];
  inputSchema: Schema;
}

export interface ActionEntry extends UnitBase {
  area: string;
  hints: { readOnly: boolean; destructive: boolean; idempotent: boolean };
  outputSchema: Schema;
  examples: { input: Record<string, unknown>; output?: unknown }[];
}

export interface TriggerEntry extends UnitBase {
  kind: 'polling' | 'webhook' | 'webhookOrPolling';
  outputSchema: Schema;
  examples: { input: Record<string, unknown>; output?: unknown }[];
}

export interface DataSourceEntry extends UnitBase {
  dependsOn: string[];
}

export interface ConnectionEntry {
  key: string;
  label: string;
  description: string;
  fieldsSchema: Schema;
}

export interface Manifest {
  connector: { name: string; version: string; description: string };
  connections: ConnectionEntry[];
  actions: ActionEntry[];
  triggers: TriggerEntry[];
  dataSources: DataSourceEntry[];
}

export type UnitKind = 'action' | 'trigger' | 'dataSource';

export interface Selected {
  kind: UnitKind;
  key: string;
}

/** The host's `{ error }` (docs/architecture.md, "The host and the CLI"). */
export interface ErrorInfo {
  code: string;
  kind: string;
  message: string;
  details?: {
    status?: number;
    errorCode?: string;
    errorSummary?: string;
    errorId?: string;
    requestId?: string;
    issues?: { path: string; message: string }[];
    [key: string]: unknown;
  };
}

export interface Option {
  value: string;
  label: string;
  description?: string;
}
