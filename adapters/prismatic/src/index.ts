/**
 * @module The Okta Connector as a Prismatic custom component: every manifest action, trigger and data source, each
 * run by our runtime (rate budget, retries, DPoP, safe ids, errors that say what to do). `main` default-exports it,
 * as Prismatic's CLI and runtime load a component.
 */
import { component } from '@prismatic-io/spectral';
import { manifest } from '../../shared/catalogue.ts';
import { actions } from './actions.ts';
import { connections } from './connections.ts';
import { dataSources } from './data-sources.ts';
import { triggers } from './triggers.ts';

export default component({
  key: 'okta-connector',
  public: false,
  display: {
    label: 'Okta Connector',
    description:
      manifest.connector.description ??
      'Users, groups, apps, factors, rules, imports and event hooks of an Okta org, with event triggers and pickers.',
    iconPath: 'icon.png',
    category: 'Application Connectors',
  },
  actions: actions(),
  triggers: triggers(),
  dataSources: dataSources(),
  connections,
});
