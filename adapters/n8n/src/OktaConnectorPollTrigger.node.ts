/**
 * @module Node `oktaConnectorPollTrigger`: Okta events and changes read on n8n's schedule through our `poll`, the
 * state kept in the node's static data (n8n may run each poll in a fresh process: nothing lives in module memory).
 * The first poll sets the baseline (or reads from "Start from" where the event offers it).
 */
import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { catalogue } from '../../shared/catalogue.ts';
import {
  authenticationProperty,
  credentialTests,
  nodeCredentials,
  nodeError,
  sharedRuntime,
  withConnection,
} from './glue.ts';
import { eventEntries, eventInput, eventProperties } from './triggers.ts';

const events = eventEntries(catalogue().pollingTriggers);

interface Stored {
  state?: unknown;
  event?: string;
}

export class OktaConnectorPollTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Okta Connector Poll Trigger',
    name: 'oktaConnectorPollTrigger',
    icon: 'file:okta.svg',
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["event"]}}',
    description: 'Starts the workflow on Okta events and changes, read from Okta on a schedule',
    defaults: { name: 'Okta Connector Poll Trigger' },
    inputs: [],
    outputs: ['main'],
    polling: true,
    credentials: nodeCredentials,
    properties: [authenticationProperty, ...eventProperties(events)],
  };

  methods = { credentialTest: credentialTests };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    const read = (name: string, fallback: unknown) => this.getNodeParameter(name, fallback);
    const stored = this.getWorkflowStaticData('node') as Stored;
    try {
      const { entry, input } = eventInput(read, events);
      // Another event chosen since the last poll: its state does not apply.
      const state = stored.event === entry.unit.key ? stored.state : undefined;
      const runtime = await sharedRuntime();
      const result = await withConnection(this, (connection) =>
        runtime.poll(entry.unit.trigger.key, { connection, input, state }),
      );
      stored.state = result.state;
      stored.event = entry.unit.key;
      if (result.records.length === 0) return null;
      return [result.records.map((record) => ({ json: record as IDataObject }))];
    } catch (error) {
      throw nodeError(this, error);
    }
  }
}
