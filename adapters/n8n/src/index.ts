/**
 * @module The package's one bundle: every node and credential class. n8n loads one file per class (package.json
 * `n8n.nodes`/`n8n.credentials`); each of those re-exports its class from here, so the runtime is in it once.
 */
export { OktaConnectorApi, OktaConnectorClientCredentials, OktaConnectorOAuth2 } from './credentials.ts';
export { OktaConnector } from './OktaConnector.node.ts';
export { OktaConnectorPollTrigger } from './OktaConnectorPollTrigger.node.ts';
export { OktaConnectorTrigger } from './OktaConnectorTrigger.node.ts';
