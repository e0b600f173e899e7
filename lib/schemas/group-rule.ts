/** @module The Okta GroupRule object as zod (`components/schemas/GroupRule` in Okta's spec), for action outputs. */
import { z } from 'zod';

/** INVALID: a target group was deleted; such a rule can only be read or deleted. */
export const GroupRuleStatus = z
  .enum(['ACTIVE', 'INACTIVE', 'INVALID'])
  .meta({ description: 'ACTIVE rules assign users; rules are created INACTIVE and changed only while INACTIVE.' });

const Ids = z.array(z.string());

export const GroupRule = z
  .looseObject({
    id: z.string(),
    type: z.string().optional(),
    name: z.string(),
    status: GroupRuleStatus,
    created: z.string().nullable().optional(),
    lastUpdated: z.string().nullable().optional(),
    conditions: z
      .looseObject({
        expression: z.looseObject({ value: z.string().optional(), type: z.string().optional() }).optional(),
        people: z
          .looseObject({
            users: z.looseObject({ exclude: Ids.nullable().optional() }).nullable().optional(),
            groups: z.looseObject({ exclude: Ids.nullable().optional() }).nullable().optional(),
          })
          .nullable()
          .optional(),
      })
      .optional(),
    actions: z.looseObject({ assignUserToGroups: z.looseObject({ groupIds: Ids.optional() }).optional() }).optional(),
    _embedded: z.looseObject({ groupIdToGroupNameMap: z.record(z.string(), z.string()).optional() }).optional(),
  })
  .meta({ description: 'An Okta group rule: an expression on user profiles, and the groups matching users join.' });
export type GroupRule = z.infer<typeof GroupRule>;

/** The one expression type Okta accepts for group rules (spec GroupRuleExpression). */
export const GROUP_RULE_EXPRESSION_TYPE = 'urn:okta:expression:1.0';
