import { collectionPicklist, textMatches } from '../lib/picklist.ts';

interface UserTypeSummary {
  id: string;
  name: string;
  displayName: string;
  description?: string | null;
  default?: boolean;
}

export default collectionPicklist<UserTypeSummary>({
  key: 'selectUserType',
  label: 'Select User Type',
  description: 'The org’s user types, the default one included, by display name.',
  scopes: ['okta.userTypes.read'],
  path: '/api/v1/meta/types/user',
  // Okta answers every type in one response and cannot search them (spec listUserTypes): an org has a handful.
  paged: false,
  matches: (type, text) => textMatches(text, type.displayName, type.name),
  toOption: (type) => ({
    value: type.id,
    label: `${type.displayName} (${type.name})`,
    description: [type.default ? 'Default type' : undefined, type.description].filter(Boolean).join(' · '),
  }),
});
