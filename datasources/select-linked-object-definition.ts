import { collectionPicklist, textMatches } from '../lib/picklist.ts';

interface LinkedObjectSide {
  name: string;
  title: string;
  description?: string | null;
}

export default collectionPicklist<{ primary: LinkedObjectSide; associated: LinkedObjectSide }>({
  key: 'selectLinkedObjectDefinition',
  label: 'Select Linked Object Relationship',
  description: 'The org’s linked-object relationships (such as manager and subordinate), by their primary name.',
  scopes: ['okta.linkedObjects.read'],
  path: '/api/v1/meta/schemas/user/linkedObjects',
  // One response with every definition, at most 200 per org (docs/okta.md §7.5); Okta cannot search them.
  paged: false,
  matches: (d, text) => textMatches(text, d.primary.name, d.primary.title, d.associated.name, d.associated.title),
  toOption: ({ primary, associated }) => ({
    value: primary.name,
    label: `${primary.title} → ${associated.title}`,
    description: `${primary.name} / ${associated.name}`,
  }),
});
