/**
 * @module The Okta connector as an Activepieces piece: every manifest action, trigger and picker, run by our runtime.
 * Activepieces finds the piece among the package's exports.
 */
import { createPiece } from '@activepieces/pieces-framework';
import { manifest } from '../../shared/catalogue.ts';
import { actionsOf } from './actions.ts';
import { oktaAuth } from './glue.ts';
import { triggersOf } from './triggers.ts';

const logo =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><circle cx="32" cy="32" r="30" ' +
  'fill="#00297A"/><circle cx="32" cy="32" r="13" fill="none" stroke="#fff" stroke-width="8"/></svg>';

export const oktaConnector = createPiece({
  displayName: 'Okta Connector',
  description:
    manifest.connector.description ??
    'Okta users, groups, apps, factors, rules, imports and event hooks, with searchable pickers and event triggers.',
  // The same mark as okta.svg in the package, inline: a piece's logo is a URL, and this one needs no host.
  logoUrl: `data:image/svg+xml;base64,${Buffer.from(logo).toString('base64')}`,
  authors: ['okta-connector'],
  auth: oktaAuth,
  minimumSupportedRelease: '0.82.0',
  actions: actionsOf(),
  triggers: triggersOf(),
});

export { OktaConnectorError } from './glue.ts';
