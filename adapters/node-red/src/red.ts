/**
 * @module The parts of Node-RED's node API the nodes use (Node-RED publishes no types of its own), and what the
 * three nodes share: the editor's catalogue, our errors as Node-RED errors, and the process's one runtime.
 */
import { ConnectionError } from '../../../lib/errors.ts';
import type { ConnectionInput } from '../../../lib/runtime.ts';
import { catalogue, type TriggerUnit, triggerUnitFields, unitFields } from '../../shared/catalogue.ts';
import { connectionFieldNames, connectionFrom, TYPED_CONNECTION_TYPES } from '../../shared/connections.ts';
import { builderError, oktaSuffix } from '../../shared/errors.ts';
import { type Field, fieldsOf } from '../../shared/fields.ts';

/** An express-like app: Node-RED's `RED.httpAdmin` and `RED.httpNode`. */
export interface HttpApp {
  get(path: string, ...handlers: Handler[]): void;
  post(path: string, ...handlers: Handler[]): void;
  // biome-ignore lint/suspicious/noExplicitAny: express's router, read to remove a route on close
  _router?: { stack: any[] };
}

// biome-ignore lint/suspicious/noExplicitAny: express's request and response
export type Handler = (request: any, response: any, next: (error?: unknown) => void) => void;

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface RedNode {
  id: string;
  credentials?: Record<string, string | undefined>;
  on(
    event: 'input',
    listener: (msg: Msg, send: (msg: Msg | Msg[]) => void, done: (error?: Error) => void) => void,
  ): void;
  on(event: 'close', listener: (removed: boolean, done: () => void) => void): void;
  send(msg: Msg | Msg[]): void;
  status(status: NodeStatus): void;
  error(error: unknown, msg?: Msg): void;
  warn(message: string): void;
  context(): { get(key: string): unknown; set(key: string, value: unknown): void };
}

export interface Msg {
  payload?: unknown;
  topic?: string;
  [key: string]: unknown;
}

export interface Red {
  nodes: {
    createNode(node: unknown, config: unknown): void;
    registerType(
      type: string,
      nodeConstructor: unknown,
      options?: { credentials?: Record<string, { type: string }> },
    ): void;
    getNode(id: string): unknown;
  };
  httpAdmin: HttpApp;
  httpNode: HttpApp;
  auth: { needsPermission(permission: string): Handler };
  settings: { httpNodeRoot?: string | false };
}

/** Node-RED's module shape: a function called with RED once, which registers the node type. */
export type NodeModule = (RED: Red) => void;

/** The typed connection types (Node-RED has no OAuth2 of its own to run the authorization-code flow). */
export const CONNECTION_TYPES = TYPED_CONNECTION_TYPES;

/**
 * Each typed connection type's fields. Secrets (`apiToken`, `privateKey`) are Node-RED credentials, kept out of the
 * flow file; the others (`domain`, `clientId`, `scopes`…) are the config node's properties.
 */
export function connectionTypes(): { key: string; label: string; description: string; fields: Field[] }[] {
  return CONNECTION_TYPES.map((key) => {
    const connection = catalogue().connections.find((candidate) => candidate.key === key);
    if (!connection) throw new Error(`There is no connection type "${key}" in the manifest.`);
    return {
      key,
      label: connection.label,
      description: connection.description,
      fields: fieldsOf(connection.fieldsSchema),
    };
  });
}

/** Every secret field of a typed connection: the config node's credentials. */
export function credentialFields(): string[] {
  return [...new Set(connectionTypes().flatMap((type) => type.fields.filter((f) => f.secret).map((f) => f.name)))];
}

/** Every other field: the config node's properties. */
export function propertyFields(): string[] {
  const secrets = new Set(credentialFields());
  return [...new Set(connectionTypes().flatMap((type) => type.fields.map((f) => f.name)))].filter(
    (name) => !secrets.has(name),
  );
}

/** What an `okta-connection` node hands the runtime. */
export interface ConnectionNode extends RedNode {
  connection(): ConnectionInput;
}

/** The connection of a node's `connection` property: the deployed config node, or a clear error naming it. */
export function connectionOfNode(RED: Red, id: string | undefined): ConnectionInput {
  const node = id ? (RED.nodes.getNode(id) as ConnectionNode | null) : null;
  if (!node || typeof node.connection !== 'function') {
    throw new ConnectionError(
      'MISSING_CONNECTION',
      'The node has no Okta connection: choose an okta-connection node in its Connection field and deploy.',
    );
  }
  return node.connection();
}

/** The connection of a config node's properties and credentials: only its type's fields. */
export function connectionOfConfig(
  config: Record<string, unknown>,
  credentials: Record<string, unknown> = {},
): ConnectionInput {
  // `connectionType`, as Node-RED keeps the node's own type in `type`. Unset: the API token.
  const chosen = String(config.connectionType ?? 'apiToken');
  const type = (CONNECTION_TYPES as readonly string[]).includes(chosen)
    ? (chosen as (typeof CONNECTION_TYPES)[number])
    : 'apiToken';
  const values: Record<string, unknown> = {};
  for (const name of connectionFieldNames(type)) values[name] = credentials[name] ?? config[name];
  return connectionFrom(type, values);
}

/**
 * Our error as Node-RED's: `done(error)` hands it to Catch nodes, which copy `code` and `cause` into `msg.error`.
 * The message says the code; `cause` has the kind, what to do, Okta's status and error code. No stack of ours.
 */
export function nodeRedError(error: unknown, secrets: readonly string[] = []): Error {
  const shown = builderError(error, secrets);
  const result = new Error(`${shown.message} (${shown.code}, ${shown.kind}${oktaSuffix(shown)}). ${shown.whatToDo}`);
  result.name = 'OktaConnectorError';
  delete (result as { stack?: string }).stack;
  const { message: _message, ...cause } = shown;
  Object.assign(result, { code: shown.code, cause });
  return result;
}

/** The status a node shows after a failure: its code. */
export function errorStatus(error: Error): NodeStatus {
  return { fill: 'red', shape: 'ring', text: String((error as { code?: string }).code ?? 'error') };
}

/** A field as the editor renders it (the schema itself stays out: the dialog does not read it). */
export type EditorField = Omit<Field, 'schema'>;

function editorFields(fields: Field[]): EditorField[] {
  return fields.map(({ schema: _schema, ...field }) => field);
}

function triggerEntry(unit: TriggerUnit) {
  return {
    key: unit.trigger.key,
    label: unit.trigger.label,
    description: unit.trigger.description,
    fields: editorFields(triggerUnitFields(unit)),
  };
}

/** What `GET /okta-connector/catalogue` answers: actions by area, triggers by delivery, connection types. */
export function editorCatalogue() {
  const { areas, webhookTriggers, pollingTriggers } = catalogue();
  return {
    areas: areas.map(({ area, label, actions }) => ({
      area,
      label,
      actions: actions.map((action) => ({
        key: action.key,
        label: action.label,
        description: action.description,
        fields: editorFields(unitFields(action)),
      })),
    })),
    triggers: { webhook: webhookTriggers.map(triggerEntry), polling: pollingTriggers.map(triggerEntry) },
    connections: connectionTypes().map((type) => ({ ...type, fields: editorFields(type.fields) })),
    /** Every picker the options route answers. */
    dataSources: catalogue().dataSources.map((source) => source.key),
  };
}
