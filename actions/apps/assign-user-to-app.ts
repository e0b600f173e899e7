import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { createOnce, oktaAnswered } from '../../lib/idempotent-create.ts';
import { AppUser } from '../../lib/schemas/app.ts';
import { appRef, USER_LOOKUPS, userIdOf, userRef } from '../../lib/schemas/refs.ts';

type AppUserRecord = z.infer<typeof AppUser>;

export default defineAction({
  key: 'assignUserToApp',
  label: 'Assign User to App',
  description:
    'Assign a user to an app: for sign-on only, or with the app username, password (SWA and basic-auth apps) and ' +
    'app profile. Assigning a user who is already assigned fails (409). ' +
    'A user assigned only through a group becomes directly assigned. ' +
    'After a lost answer, the assignment is looked up before it is sent again.',
  area: 'apps',
  // okta.users.read only to turn a login into an id.
  scopes: ['okta.apps.manage', 'okta.users.read'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  operations: ['POST /api/v1/apps/{appId}/users', 'GET /api/v1/apps/{appId}/users/{userId}', ...USER_LOOKUPS],
  input: z.object({
    appId: appRef,
    userId: userRef,
    userName: z.string().trim().min(1).optional().meta({
      label: 'App username',
      description: 'The username for this app; by default the app’s username template (e.g. the Okta login).',
      example: 'ada@example.com',
    }),
    password: z.string().min(1).optional().meta({
      label: 'App password',
      description: 'For apps that keep a password per user (SWA, basic auth). Never returned.',
      format: 'password',
      writeOnly: true,
    }),
    profile: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({
        label: 'App profile',
        description: 'App-specific profile attributes not set by profile mappings.',
        example: { role: 'Developer' },
      }),
  }),
  output: AppUser,
  examples: [
    { input: { appId: '0oa1gjh63g214q0Hq0g4', userId: 'ada@example.com' } },
    {
      input: {
        appId: '0oa1gjh63g214q0Hq0g4',
        userId: '00ub0oNGTSWTBKOLGLNR',
        userName: 'ada.lovelace',
        profile: { role: 'Developer' },
      },
    },
  ],
  async run({ input, okta, signal, log }) {
    // The app id is checked as one path segment before the user lookup spends a request.
    const assignments = pathOf('/api/v1/apps/{appId}/users', { appId: input.appId });
    // The body takes a user id only, not a login.
    const userId = await userIdOf(okta, input.userId, signal);
    const credentials = {
      ...(input.userName !== undefined ? { userName: input.userName } : {}),
      ...(input.password !== undefined ? { password: { value: input.password } } : {}),
    };
    const body = {
      id: userId,
      ...(Object.keys(credentials).length ? { credentials } : {}),
      ...(input.profile !== undefined ? { profile: input.profile } : {}),
    };
    // A POST is never resent blindly: after an answer that may have been lost, the assignment is looked up first.
    return createOnce({
      what: 'app assignment',
      send: async () =>
        (
          await okta.request<AppUserRecord>({
            method: 'POST',
            path: assignments,
            body,
            signal,
          })
        ).data,
      lookup: async () => {
        const path = pathOf('/api/v1/apps/{appId}/users/{userId}', { appId: input.appId, userId });
        const found = await okta.request<AppUserRecord>({ path, signal }).then(
          (response) => response.data,
          (error: unknown) => {
            if (oktaAnswered(error, 404)) return undefined;
            throw error;
          },
        );
        // Ours is a direct assignment, with the username asked for; one through a group only is not.
        const userName = (found?.credentials as { userName?: unknown } | undefined)?.userName;
        return found?.scope === 'USER' && (input.userName === undefined || userName === input.userName)
          ? found
          : undefined;
      },
      // Okta refuses a second assignment: 409 E0000062 (docs/okta.md §7.4).
      isConflict: (error) => oktaAnswered(error, 409, 'E0000062'),
      log,
    });
  },
});
