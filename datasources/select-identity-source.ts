import { collectionPicklist, textMatches } from '../lib/picklist.ts';
import { scimString } from '../lib/scim.ts';

interface AppSummary {
  id: string;
  label: string;
  status: string;
}

/** Custom Identity Sources are app instances of this integration (their ids are app ids, 0oa…). */
const IDENTITY_SOURCE_APP = 'custom_identity_source';

export default collectionPicklist<AppSummary>({
  key: 'selectIdentitySource',
  label: 'Select Identity Source',
  description: 'Custom Identity Sources of the org (Anything-as-a-Source), by label.',
  scopes: ['okta.apps.read'],
  path: '/api/v1/apps',
  // Okta has no identity-source listing: the apps list, filtered on the integration's name (docs/okta.md §2.5).
  query: () => ({ filter: `name eq ${scimString(IDENTITY_SOURCE_APP)}` }),
  // `q` would match the integration's name for every source: the label is matched on the page instead.
  matches: (app, text) => textMatches(text, app.label),
  toOption: (app) => ({ value: app.id, label: app.label, description: `${app.status} · ${app.id}` }),
});
