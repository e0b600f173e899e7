import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { isOktaApiError } from '../../lib/errors.ts';
import { pathOf } from '../../lib/http/path.ts';
import { getUserByRef, USER_LOOKUPS, userRef } from '../../lib/schemas/refs.ts';
import { UserStatus } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'deleteUser',
  label: 'Delete User',
  description:
    'Delete a user permanently. A user who is not yet deactivated is deactivated first (which deprovisions their ' +
    'apps), then deleted. This cannot be undone. ' +
    'After a lost answer the deactivating DELETE is not resent (a second one deletes outright); the final ' +
    'one is, and a user already gone counts as deleted.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: true, idempotent: true },
  operations: ['DELETE /api/v1/users/{userId}', ...USER_LOOKUPS],
  input: z.object({
    userId: userRef,
    sendEmail: z.boolean().default(false).meta({
      label: 'Email the admins',
      description: 'Send the deactivation email to the admins.',
    }),
  }),
  output: z.object({
    userId: z.string().meta({ description: 'The Okta id of the deleted user.' }),
    login: z.string().meta({ description: 'The login the user had.' }),
    previousStatus: UserStatus,
    deactivated: z.boolean().meta({ description: 'True when the user had to be deactivated before deletion.' }),
  }),
  examples: [
    {
      input: { userId: 'ada@example.com' },
      output: { userId: '00ub0oNGTSWTBKOLGLNR', login: 'ada@example.com', previousStatus: 'ACTIVE', deactivated: true },
    },
  ],
  async run({ input, okta, signal }) {
    const user = await getUserByRef(okta, input.userId, signal);
    const path = pathOf('/api/v1/users/{userId}', { userId: user.id });
    const query = { sendEmail: input.sendEmail };
    const deactivated = user.status !== 'DEPROVISIONED';
    if (deactivated) {
      // On a user not yet DEPROVISIONED, DELETE only deactivates (docs/okta.md §7.1). Not idempotent: a retry of a
      // first DELETE that did reach Okta would delete the user outright, so it is sent once.
      await okta.request({ method: 'DELETE', path, query, idempotent: false, signal });
    }
    try {
      await okta.request({ method: 'DELETE', path, query, signal });
    } catch (error) {
      // A retried final DELETE whose first attempt went through finds the user gone: that is the goal reached.
      if (!isOktaApiError(error, 404)) throw error;
    }
    return { userId: user.id, login: user.profile.login, previousStatus: user.status, deactivated };
  },
});
