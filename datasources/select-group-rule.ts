import { collectionPicklist } from '../lib/picklist.ts';

interface RuleSummary {
  id: string;
  name: string;
  status: string;
  conditions?: { expression?: { value?: string } };
}

export default collectionPicklist<RuleSummary>({
  key: 'selectGroupRule',
  label: 'Select Group Rule',
  description: 'Group rules of the org with their status, searched on Okta by a keyword of their name.',
  scopes: ['okta.groups.read'],
  path: '/api/v1/groups/rules',
  // `search` is a keyword, not an expression (spec listGroupRules): sent as is, encoded as one query value.
  search: (text) => ({ search: text }),
  toOption: (rule) => ({
    value: rule.id,
    label: `${rule.name} (${rule.status.toLowerCase()})`,
    description: rule.conditions?.expression?.value ?? '',
  }),
});
