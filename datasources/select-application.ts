import { collectionPicklist } from '../lib/picklist.ts';

interface AppSummary {
  id: string;
  name: string;
  label: string;
  status: string;
  signOnMode?: string;
}

export default collectionPicklist<AppSummary>({
  key: 'selectApplication',
  label: 'Select App',
  description:
    'App integrations of the org, searched on Okta by the start of their label or name, every page reachable.',
  scopes: ['okta.apps.read'],
  path: '/api/v1/apps',
  // `q` is Okta's only search on apps (docs/okta.md §2.5): a starts-with on name or label, paged like the plain list.
  // It is a plain query value, not an expression, so no text can change the query.
  search: (text) => ({ q: text }),
  toOption: (app) => ({
    value: app.id,
    label: app.signOnMode ? `${app.label} (${app.signOnMode})` : app.label,
    description: [app.name, app.status].join(' · '),
  }),
});
