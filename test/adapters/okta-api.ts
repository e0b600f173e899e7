/**
 * Okta's REST API on the sandbox org with its token, beside the adapter under test: for setting up what a flow
 * needs (a user created in the org, so that Okta delivers or a poll finds it) and for checking what a flow did.
 * Shared by the adapters' tests, so that none of them reaches Okta through the adapter it is checking.
 */
import type { RunningSandbox } from '../../sandbox/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: Okta's JSON answers, read as each test needs
type Json = any;

/** One call to the org's Management API; a status that is not 2xx throws with the path and Okta's answer. */
export async function okta(sandbox: RunningSandbox, path: string, init: RequestInit = {}): Promise<Json> {
  const { domain, apiToken } = sandbox.connection.fields;
  const response = await fetch(`${domain}${path}`, {
    ...init,
    headers: { authorization: `SSWS ${apiToken}`, 'content-type': 'application/json', accept: 'application/json' },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A staged user created in the org through Okta's API (its login is its email), as an admin would. */
export function createUserInOrg(sandbox: RunningSandbox, login: string): Promise<{ id: string } & Json> {
  return okta(sandbox, '/api/v1/users?activate=false', {
    method: 'POST',
    body: JSON.stringify({ profile: { login, email: login, firstName: 'Adapter', lastName: 'Test' } }),
  });
}
