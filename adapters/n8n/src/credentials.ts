/**
 * @module The n8n credentials: the fields of our typed connection types as n8n credential forms, and n8n's own
 * OAuth2 (authorization code with PKCE against the org authorization server) whose access token the node hands to
 * our runtime. Each is tested through `testConnection` (the nodes' `credentialTest` methods, glue.ts).
 */
import type { ICredentialType, INodeProperties } from 'n8n-workflow';
import { manifest } from '../../shared/catalogue.ts';
import { fieldsOf } from '../../shared/fields.ts';
import { parameterOf } from './properties.ts';

/** A connection type's fields as credential properties, under the same names. */
function connectionProperties(type: string): INodeProperties[] {
  const connection = manifest.connections.find((candidate) => candidate.key === type);
  if (!connection) throw new Error(`There is no connection type "${type}" in the manifest.`);
  return fieldsOf(connection.fieldsSchema).map((field) => {
    const property = parameterOf(field);
    // A private key is pasted over several lines.
    return field.secret && field.name === 'privateKey'
      ? { ...property, typeOptions: { password: true, rows: 6 } }
      : property;
  });
}

export class OktaConnectorApi implements ICredentialType {
  name = 'oktaConnectorApi';
  displayName = 'Okta Connector API Token';
  documentationUrl = 'https://developer.okta.com/docs/guides/create-an-api-token/';
  properties = connectionProperties('apiToken');
}

export class OktaConnectorClientCredentials implements ICredentialType {
  name = 'oktaConnectorClientCredentials';
  displayName = 'Okta Connector OAuth Service App (Client Credentials)';
  documentationUrl = 'https://developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp/';
  properties = connectionProperties('oauthClientCredentials');
}

/** The org's host name from what the user typed (`acme.okta.com`, `https://acme.okta.com/`), in an n8n expression. */
const ORG = `$self["domain"].trim().replace(/^https?:\\/\\//, "").replace(/\\/+$/, "")`;

export class OktaConnectorOAuth2 implements ICredentialType {
  name = 'oktaConnectorOAuth2';
  extends = ['oAuth2Api'];
  displayName = 'Okta Connector OAuth2 (Signed-In Admin)';
  documentationUrl = 'https://developer.okta.com/docs/guides/implement-grant-type/authcodepkce/main/';
  properties: INodeProperties[] = [
    connectionProperties('apiToken').find((property) => property.name === 'domain') as INodeProperties,
    { displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'pkce' },
    {
      displayName: 'Authorization URL',
      name: 'authUrl',
      type: 'hidden',
      default: `={{ "https://" + ${ORG} + "/oauth2/v1/authorize" }}`,
    },
    {
      displayName: 'Access Token URL',
      name: 'accessTokenUrl',
      type: 'hidden',
      default: `={{ "https://" + ${ORG} + "/oauth2/v1/token" }}`,
    },
    {
      displayName: 'Scope',
      name: 'scope',
      type: 'string',
      default: 'openid offline_access okta.users.manage okta.groups.manage okta.apps.read okta.logs.read',
      description:
        'The okta.* scopes granted to the OIDC web app, separated by spaces; offline_access for refresh tokens',
    },
    { displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
    // Okta's web apps authenticate at the token endpoint with client_secret_basic unless set otherwise.
    { displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'header' },
  ];
}
