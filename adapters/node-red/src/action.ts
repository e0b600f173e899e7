/**
 * @module Node `okta-action`: runs one of our actions (`action`, its manifest key) on each message. Each input field
 * is taken from the dialog (`fields`, by name) or, left empty there, from `msg.payload.<field>`; the action's output
 * replaces `msg.payload`. A failure goes through `done(error)` with our code, so a Catch node sees it.
 */
import { NotFoundError } from '../../../lib/errors.ts';
import { catalogue, unitFields } from '../../shared/catalogue.ts';
import { inputFromFields } from '../../shared/fields.ts';
import { sharedRuntime } from '../../shared/runtime.ts';
import {
  connectionOfNode,
  errorStatus,
  type Msg,
  type NodeModule,
  nodeRedError,
  type Red,
  type RedNode,
} from './red.ts';

interface ActionConfig {
  connection?: string;
  action?: string;
  /** What the dialog holds for each field, by name: text as typed ('' for a field left to the message). */
  fields?: Record<string, unknown>;
}

/** The dialog's values, each empty one taken from the message's payload. */
export function valuesFor(
  names: string[],
  configured: Record<string, unknown>,
  payload: unknown,
): Record<string, unknown> {
  const fromMessage = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  const values: Record<string, unknown> = {};
  for (const name of names) {
    const value = configured[name];
    const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    if (!empty) values[name] = value;
    else if (Object.hasOwn(fromMessage, name)) values[name] = fromMessage[name];
  }
  return values;
}

export const oktaAction: NodeModule = (RED: Red) => {
  function OktaActionNode(this: RedNode, config: ActionConfig) {
    RED.nodes.createNode(this, config);
    this.on('input', (msg: Msg, send, done) => {
      void (async () => {
        this.status({ fill: 'blue', shape: 'dot', text: 'running' });
        try {
          const action = catalogue().actions.find((candidate) => candidate.key === config.action);
          if (!action) throw new NotFoundError(`There is no action "${config.action ?? ''}" in this package.`);
          const fields = unitFields(action);
          const values = valuesFor(
            fields.map((field) => field.name),
            config.fields ?? {},
            msg.payload,
          );
          const input = inputFromFields(fields, values);
          const connection = connectionOfNode(RED, config.connection);
          const runtime = await sharedRuntime();
          msg.payload = await runtime.runAction(action.key, { connection, input });
          this.status({ fill: 'green', shape: 'dot', text: 'ok' });
          send(msg);
          done();
        } catch (caught) {
          const error = nodeRedError(caught);
          this.status(errorStatus(error));
          done(error);
        }
      })();
    });
  }
  RED.nodes.registerType('okta-action', OktaActionNode);
};
