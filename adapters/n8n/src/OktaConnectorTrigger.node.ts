/**
 * @module Node `oktaConnectorTrigger`: Okta events delivered to n8n's webhook by an event hook that the node creates
 * on activation (our `subscribe`, the subscription kept in the node's static data) and removes on deactivation.
 *
 * Two webhooks on one path: `setup` (GET) answers Okta's one-time verification challenge, which arrives while
 * `subscribe` is still waiting (before anything is stored), and `default` (POST) hands each delivery to
 * `handleWebhook`, which checks the subscription's secret and drops repeats: forged or replayed deliveries emit nothing.
 */
import type {
  IDataObject,
  IHookFunctions,
  INodeType,
  INodeTypeDescription,
  IWebhookFunctions,
  IWebhookResponseData,
} from 'n8n-workflow';
import type { Subscription } from '../../../lib/define.ts';
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

const events = eventEntries(catalogue().webhookTriggers);

/** What the node keeps in n8n's static data: the subscription (hook id, secret, URL) and the event it is for. */
interface Stored {
  subscription?: Subscription;
  event?: string;
}

const MAX_CHALLENGE = 1024;

export class OktaConnectorTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Okta Connector Trigger',
    name: 'oktaConnectorTrigger',
    icon: 'file:okta.svg',
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["event"]}}',
    description: 'Starts the workflow on Okta events, delivered by an Okta event hook the node creates and removes',
    defaults: { name: 'Okta Connector Trigger' },
    inputs: [],
    outputs: ['main'],
    credentials: nodeCredentials,
    webhooks: [
      { name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
      { name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
    ],
    properties: [authenticationProperty, ...eventProperties(events)],
  };

  methods = { credentialTest: credentialTests };

  webhookMethods = {
    default: {
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const stored = this.getWorkflowStaticData('node') as Stored;
        const url = this.getNodeWebhookUrl('default');
        return Boolean(
          stored.subscription &&
            stored.subscription.webhookUrl === url &&
            stored.event === this.getNodeParameter('event'),
        );
      },
      async create(this: IHookFunctions): Promise<boolean> {
        const read = (name: string, fallback: unknown) => this.getNodeParameter(name, fallback);
        try {
          const { entry, input } = eventInput(read, events);
          const runtime = await sharedRuntime();
          const webhookUrl = this.getNodeWebhookUrl('default') as string;
          const subscription = await withConnection(this, (connection) =>
            runtime.subscribe(entry.unit.trigger.key, { connection, input, webhookUrl }),
          );
          const stored = this.getWorkflowStaticData('node') as Stored;
          stored.subscription = subscription;
          stored.event = entry.unit.key;
          return true;
        } catch (error) {
          throw nodeError(this, error);
        }
      },
      async delete(this: IHookFunctions): Promise<boolean> {
        const stored = this.getWorkflowStaticData('node') as Stored;
        const { subscription, event } = stored;
        if (!subscription || !event) return true;
        try {
          const runtime = await sharedRuntime();
          await withConnection(this, (connection) =>
            runtime.unsubscribe(events.get(event)?.unit.trigger.key ?? event, { connection, subscription }),
          );
        } catch (error) {
          throw nodeError(this, error);
        }
        delete stored.subscription;
        delete stored.event;
        return true;
      },
    },
  };

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const request = this.getRequestObject();
    const response = this.getResponseObject();
    if (this.getWebhookName() === 'setup') {
      // Okta's verification (a GET with the challenge header): echoing it discloses nothing, and no subscription is
      // stored yet while subscribe waits for it.
      const challenge = request.headers['x-okta-verification-challenge'];
      if (typeof challenge !== 'string' || challenge.length > MAX_CHALLENGE) {
        response.status(400).json({ error: 'Missing verification challenge.' });
      } else {
        response.status(200).json({ verification: challenge });
      }
      return { noWebhookResponse: true };
    }
    const stored = this.getWorkflowStaticData('node') as Stored;
    const unit = stored.event ? events.get(stored.event)?.unit : undefined;
    if (!stored.subscription || !unit) {
      response.status(404).json({ error: 'This trigger has no subscription.' });
      return { noWebhookResponse: true };
    }
    const runtime = await sharedRuntime();
    const raw = (request as { rawBody?: Buffer }).rawBody;
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name.toLowerCase(),
        Array.isArray(value) ? value.join(', ') : (value as string | undefined),
      ]),
    );
    const { response: answer, records } = await runtime.handleWebhook(unit.trigger.key, {
      subscription: stored.subscription,
      request: { method: request.method, headers, body: raw ?? JSON.stringify(this.getBodyData()) },
    });
    for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
    response.status(answer.status);
    if (answer.body === undefined) response.end();
    else response.json(answer.body);
    if (records.length === 0) return { noWebhookResponse: true };
    return {
      noWebhookResponse: true,
      workflowData: [records.map((record) => ({ json: record as IDataObject }))],
    };
  }
}
