/** The registry of connection types: the one place that lists them. */
import apiToken from './api-token.ts';
import namedCredential from './named-credential.ts';
import oauthAuthorizationCode from './oauth-authorization-code.ts';
import oauthClientCredentials from './oauth-client-credentials.ts';

export const connections = [apiToken, oauthClientCredentials, oauthAuthorizationCode, namedCredential];
