/**
 * The n8n package's credentials against the sandbox, in n8n's engine: each `authentication` choice runs a workflow
 * (the service app's private_key_jwt and DPoP by our runtime; n8n's OAuth2 access token handed to it as a
 * platform-held Bearer credential), and each credential's test goes through `testConnection`.
 */
import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, createPkce, createState, exchangeCode } from '../../lib/auth/authorization-code.ts';
import { keyPair, serviceConnection } from '../connections/harness.ts';
import { execute, itemsOf, node, useN8nAndSandbox, workflowOf } from './n8n-harness.ts';

const t = useN8nAndSandbox({ users: 5, seed: 23 });

type CredentialTest = (credential: object) => Promise<{ status: string; message: string }>;
const credentialTest = (name: string) =>
  t.n8n.loaded.nodes.oktaConnector?.methods?.credentialTest?.[name] as unknown as CredentialTest;

/** Reads one user through the action node with the given authentication. */
async function getUserWith(authentication: string) {
  const userId = t.sandbox.org.users.list()[0]?.id as string;
  const workflow = workflowOf(t.n8n, [
    node('Get', 'oktaConnector', {
      authentication,
      resource: 'users',
      operation: 'getUser',
      userId: { __rl: true, mode: 'id', value: userId },
    }),
  ]);
  const run = await execute(t.n8n, workflow);
  return { run, userId, item: itemsOf(run, 'Get')[0] };
}

describe('n8n credentials', () => {
  it('offers the action node to AI agents as a tool, each credential tested through the runtime', () => {
    const description = t.n8n.loaded.nodes.oktaConnector?.description;
    expect(description?.usableAsTool).toBe(true);
    expect(description?.credentials?.map((credential) => [credential.name, credential.testedBy])).toEqual([
      ['oktaConnectorApi', 'oktaConnectorApiTest'],
      ['oktaConnectorClientCredentials', 'oktaConnectorClientCredentialsTest'],
      ['oktaConnectorOAuth2', 'oktaConnectorOAuth2Test'],
    ]);
  });

  // Catches a credential test that passes whatever the token, or that leaks it in its message.
  it('passes a working API token and fails a wrong one, saying why and without the token', async () => {
    expect(await credentialTest('oktaConnectorApiTest')({ data: { ...t.sandbox.connection.fields } })).toEqual({
      status: 'OK',
      message: 'Connection successful',
    });
    const wrong = `00${'x'.repeat(40)}`;
    const failed = await credentialTest('oktaConnectorApiTest')({
      data: { domain: t.sandbox.connection.fields.domain, apiToken: wrong },
    });
    expect(failed.status).toBe('Error');
    expect(failed.message).toMatch(/401|credential|token/i);
    expect(failed.message).not.toContain(wrong);
  });

  it('runs with an OAuth service app: private_key_jwt and DPoP done by our runtime', async () => {
    const key = await keyPair('RS256');
    const { connection } = serviceConnection(t.sandbox, key, { scopes: ['okta.users.read'], dpopRequired: true });
    t.n8n.credentials.oktaConnectorClientCredentials = { ...connection.fields };
    const { run, userId, item } = await getUserWith('clientCredentials');
    expect(run.data.resultData.error).toBeUndefined();
    expect(item?.json.id).toBe(userId);
    const tested = await credentialTest('oktaConnectorClientCredentialsTest')({ data: { ...connection.fields } });
    expect(tested.status).toBe('OK');
  });

  it("runs with n8n's OAuth2 (authorization code, PKCE): the access token n8n holds, handed to the runtime", async () => {
    const redirectUri = 'http://127.0.0.1:5999/rest/oauth2-credential/callback';
    const scopes = ['okta.users.read'];
    const { clientId, clientSecret } = t.sandbox.oauth.registerWebApp({ redirectUris: [redirectUri], scopes });
    // The credential's default scope asks for offline_access: n8n gets a refresh token.
    const settings = {
      domain: t.sandbox.url,
      clientId,
      clientSecret,
      redirectUri,
      scopes: `openid offline_access ${scopes.join(' ')}`,
    };
    // What n8n's OAuth2 flow does: authorize with PKCE, the admin consents, the code is exchanged.
    const { codeVerifier } = createPkce();
    const signedIn = await fetch(buildAuthorizeUrl(settings, { state: createState(), codeVerifier }), {
      redirect: 'manual',
    });
    const code = new URL(signedIn.headers.get('location') as string).searchParams.get('code') as string;
    const tokens = await exchangeCode(settings, { code, codeVerifier });
    // The credential as n8n decrypts it: its fields, the hidden ones resolved, and the token data of the flow.
    const credential = {
      domain: t.sandbox.url,
      clientId,
      clientSecret,
      grantType: 'pkce',
      accessTokenUrl: `${t.sandbox.url}/oauth2/v1/token`,
      authentication: 'header',
      scope: settings.scopes,
      oauthTokenData: { access_token: tokens.accessToken, token_type: 'Bearer', refresh_token: tokens.refreshToken },
    };
    t.n8n.credentials.oktaConnectorOAuth2 = credential;
    const { run, userId, item } = await getUserWith('oAuth2');
    expect(run.data.resultData.error).toBeUndefined();
    expect(item?.json.id).toBe(userId);
    expect((await credentialTest('oktaConnectorOAuth2Test')({ data: credential })).status).toBe('OK');

    // The access token expires: n8n refreshes it (through its own request helper) and the node runs with the new one.
    t.sandbox.oauth.expireTokens();
    const again = await getUserWith('oAuth2');
    expect(again.run.data.resultData.error).toBeUndefined();
    expect(again.item?.json.id).toBe(userId);
    expect(t.n8n.tokenUpdates).toBe(1);
    const renewed = t.n8n.credentials.oktaConnectorOAuth2?.oauthTokenData as { access_token: string };
    expect(renewed.access_token).not.toBe(tokens.accessToken);

    // Not yet connected (no token): the test says so.
    expect((await credentialTest('oktaConnectorOAuth2Test')({ data: { domain: t.sandbox.url } })).status).toBe('Error');
  });
});
