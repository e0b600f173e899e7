/**
 * @module The inputs that create and update group rules share, and the body Okta takes from them (spec
 * CreateGroupRuleRequest, GroupRule).
 */
import { z } from 'zod';
import { GROUP_RULE_EXPRESSION_TYPE } from './group-rule.ts';

/** Group Rule Restrictions (Okta support): names ≤ 50 characters, ≤ 100 target groups, ≤ 100 excluded users. */
export const groupRuleName = z.string().trim().min(1).max(50).meta({
  label: 'Name',
  description: 'Name of the rule, unique in the org, at most 50 characters.',
  example: 'Engineering department',
});

export const groupRuleExpression = z
  .string()
  .trim()
  .min(1)
  .max(1024)
  .meta({
    label: 'Condition',
    description:
      'Okta Expression Language condition on the user profile, true for the users to assign, e.g. ' +
      'user.department=="Engineering" or isMemberOfAnyGroup("00g…"). Convert and Time functions are not allowed.',
    example: 'user.department=="Engineering"',
  });

export const excludedUserIds = z
  .array(
    z
      .string()
      .regex(/^00u[0-9A-Za-z]{17}$/, 'Enter an Okta user id (00u…)')
      .meta({ label: 'User', description: 'Okta user id', dataSource: 'selectUser' }),
  )
  .max(100)
  .meta({
    label: 'Excluded users',
    description: 'Users the rule never assigns, by Okta user id (at most 100).',
    example: ['00ub0oNGTSWTBKOLGLNR'],
  });

/** A group rule's `conditions` as Okta takes them. */
export function conditionsOf(expression: string, exclude: string[]) {
  return {
    people: { users: { exclude }, groups: { exclude: [] } },
    expression: { value: expression, type: GROUP_RULE_EXPRESSION_TYPE },
  };
}
