/**
 * @module What Okta fills in when an app is created or replaced, by sign-on mode: the defaults of the spec's response
 * examples (`BookmarkAppResponseEx`, `BasicAuthResponseEx`, `BrowserPluginResponseEx`, `SecurePasswordStoreResponseEx`,
 * `AutoLoginAppResponseEx`, `Saml2.0ResponseEx`, `OpenidConnectResponseEx`), and the fields each app template needs.
 */
import { randomBytes } from 'node:crypto';
import { validationFailed } from '../responses.ts';

type Json = Record<string, unknown>;

// Okta's expression language (`${source.login}`), not JavaScript templates.
// biome-ignore lint/suspicious/noTemplateCurlyInString: an Okta expression
const SOURCE_LOGIN = '${source.login}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: an Okta expression
const IDP_ISSUER = 'http://www.okta.com/${org.externalKey}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: an Okta expression
const USER_NAME = '${user.userName}';

/** Okta's app templates (key app definitions) and the one sign-on mode each has (spec: `createApplication`). */
const TEMPLATES: Record<string, { signOnMode: string; required: string[] }> = {
  bookmark: { signOnMode: 'BOOKMARK', required: ['url'] },
  template_basic_auth: { signOnMode: 'BASIC_AUTH', required: ['url', 'authURL'] },
  template_swa: { signOnMode: 'BROWSER_PLUGIN', required: ['url', 'usernameField', 'passwordField', 'buttonField'] },
  template_swa3field: {
    signOnMode: 'BROWSER_PLUGIN',
    required: ['targetURL', 'buttonSelector', 'passwordSelector', 'userNameSelector'],
  },
  template_sps: { signOnMode: 'SECURE_PASSWORD_STORE', required: ['url'] },
  template_wsfed: { signOnMode: 'WS_FEDERATION', required: [] },
  oidc_client: { signOnMode: 'OPENID_CONNECT', required: [] },
};

/** Custom apps have no template: Okta names them after the org and the label (`testorgone_examplecustomsaml20app_1`). */
const CUSTOM_MODES = new Set(['AUTO_LOGIN', 'SAML_2_0', 'SAML_1_1', 'WS_FEDERATION']);

/** Modes where Okta keeps a username and password per app user. */
const PASSWORD_MODES = new Set(['BASIC_AUTH', 'BROWSER_PLUGIN', 'SECURE_PASSWORD_STORE', 'AUTO_LOGIN']);

export const SIGN_ON_MODES = [
  'AUTO_LOGIN',
  'BASIC_AUTH',
  'BOOKMARK',
  'BROWSER_PLUGIN',
  'OPENID_CONNECT',
  'SAML_1_1',
  'SAML_2_0',
  'SECURE_PASSWORD_STORE',
  'WS_FEDERATION',
];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function object(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** Whether the app's users carry a password Okta replays (SWA, basic auth). */
export function keepsPasswords(signOnMode: string): boolean {
  return PASSWORD_MODES.has(signOnMode);
}

/** The app's `name`: the template's, `oidc_client`, or a generated one for custom apps. */
export function appName(body: Json, taken: (name: string) => boolean, orgName: string): string {
  if (typeof body.name === 'string' && body.name.trim() !== '') return body.name;
  const mode = body.signOnMode as string;
  if (mode === 'OPENID_CONNECT') return 'oidc_client';
  if (!CUSTOM_MODES.has(mode)) throw validationFailed('name: The field cannot be left blank');
  const slug = String(body.label)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  for (let n = 1; ; n += 1) {
    const name = `${orgName}_${slug}_${n}`;
    if (!taken(name)) return name;
  }
}

/** 400 E0000001 with every cause, as Okta lists them (docs/okta.md §6). */
export function checkApp(body: Json): void {
  const causes: string[] = [];
  if (typeof body.label !== 'string' || body.label.trim() === '') causes.push('label: The field cannot be left blank');
  const mode = body.signOnMode;
  if (typeof mode !== 'string' || mode === '') {
    causes.push('signOnMode: The field cannot be left blank');
  } else if (!SIGN_ON_MODES.includes(mode)) {
    causes.push(`signOnMode: '${mode}' is not a valid sign-on mode`);
  }
  const template = typeof body.name === 'string' ? TEMPLATES[body.name] : undefined;
  if (template && typeof mode === 'string' && mode !== template.signOnMode) {
    causes.push(`signOnMode: The app ${body.name} supports ${template.signOnMode} only`);
  }
  const settings = object(body.settings);
  for (const field of template?.required ?? []) {
    const value = object(settings.app)[field];
    if (typeof value !== 'string' || value.trim() === '')
      causes.push(`settings.app.${field}: The field cannot be left blank`);
  }
  if (body.name === undefined && mode === 'SAML_2_0') {
    for (const field of ['ssoAcsUrl', 'audience']) {
      if (!object(settings.signOn)[field]) causes.push(`settings.signOn.${field}: The field cannot be left blank`);
    }
  }
  if (body.name === undefined && mode === 'AUTO_LOGIN' && !object(settings.signOn).loginUrl) {
    causes.push('settings.signOn.loginUrl: The field cannot be left blank');
  }
  if (causes.length) throw validationFailed(...causes);
}

/** A kid-shaped id, as Okta gives signing keys. */
export function keyId(): string {
  return randomBytes(32).toString('base64url').slice(0, 43);
}

/**
 * The app's `credentials`: Okta's username template, the SWA scheme, the signing key of SAML and OIDC apps, and an OIDC
 * app's client (its id is the app id; a secret for the `client_secret_*` methods). `previous` keeps the client and key
 * across a replace.
 */
export function appCredentials(app: { id: string; signOnMode: string }, given: Json, previous?: Json): Json {
  const credentials: Json = {
    userNameTemplate: { template: SOURCE_LOGIN, type: 'BUILT_IN', ...object(given.userNameTemplate) },
  };
  if (keepsPasswords(app.signOnMode)) {
    credentials.scheme = given.scheme ?? 'EDIT_USERNAME_AND_PASSWORD';
    credentials.revealPassword = given.revealPassword ?? false;
  }
  const signed = app.signOnMode === 'SAML_2_0' || app.signOnMode === 'OPENID_CONNECT';
  credentials.signing = signed ? { kid: keyId(), ...object(previous?.signing), ...object(given.signing) } : {};
  if (app.signOnMode === 'OPENID_CONNECT') {
    const before = object(previous?.oauthClient);
    const client = { ...object(given.oauthClient) };
    const method = (client.token_endpoint_auth_method ??
      before.token_endpoint_auth_method ??
      'client_secret_basic') as string;
    credentials.oauthClient = {
      autoKeyRotation: client.autoKeyRotation ?? before.autoKeyRotation ?? true,
      client_id: before.client_id ?? app.id,
      ...(method.startsWith('client_secret')
        ? { client_secret: client.client_secret ?? before.client_secret ?? randomBytes(48).toString('base64url') }
        : {}),
      token_endpoint_auth_method: method,
      pkce_required: client.pkce_required ?? before.pkce_required ?? method === 'none',
    };
  }
  return credentials;
}

const SAML_DEFAULTS: Json = {
  defaultRelayState: null,
  idpIssuer: IDP_ISSUER,
  subjectNameIdTemplate: USER_NAME,
  subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  responseSigned: true,
  assertionSigned: true,
  signatureAlgorithm: 'RSA_SHA256',
  digestAlgorithm: 'SHA256',
  honorForceAuthn: true,
  authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport',
  spIssuer: null,
  samlAssertionLifetimeSeconds: 3600,
  requestCompressed: false,
  allowMultipleAcsEndpoints: false,
  acsEndpoints: [],
  samlSignedRequestEnabled: false,
  attributeStatements: [],
  inlineHooks: [],
};

const OIDC_DEFAULTS: Json = {
  client_uri: null,
  logo_uri: null,
  redirect_uris: [],
  post_logout_redirect_uris: [],
  response_types: ['code'],
  grant_types: ['authorization_code'],
  application_type: 'web',
  consent_method: 'TRUSTED',
  issuer_mode: 'DYNAMIC',
  idp_initiated_login: { mode: 'DISABLED', default_scope: [] },
  wildcard_redirect: 'DISABLED',
  dpop_bound_access_tokens: false,
};

/** The app's `settings`: what was given over Okta's defaults; an empty relay state reads back as null, as in Okta. */
export function appSettings(signOnMode: string, given: Json): Json {
  const settings: Json = {
    app: { ...object(given.app) },
    notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } },
    manualProvisioning: false,
    implicitAssignment: false,
    notes: { admin: null, enduser: null },
    emOptInStatus: 'DISABLED',
    ...Object.fromEntries(Object.entries(given).filter(([key]) => key !== 'app')),
  };
  if (signOnMode === 'SAML_2_0' || signOnMode === 'AUTO_LOGIN') {
    const signOn = { ...(signOnMode === 'SAML_2_0' ? SAML_DEFAULTS : {}), ...object(given.signOn) };
    if (signOn.defaultRelayState === '') signOn.defaultRelayState = null;
    settings.signOn = signOn;
  }
  if (signOnMode === 'OPENID_CONNECT') settings.oauthClient = { ...OIDC_DEFAULTS, ...object(given.oauthClient) };
  return settings;
}

export function appVisibility(name: string, given: Json): Json {
  const templateApp = name in TEMPLATES && name !== 'oidc_client';
  return {
    autoLaunch: false,
    autoSubmitToolbar: false,
    ...given,
    hide: { iOS: false, web: false, ...object(given.hide) },
    appLinks: { [templateApp ? 'login' : `${name}_link`]: true, ...object(given.appLinks) },
  };
}

export function appAccessibility(given: Json): Json {
  return { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null, ...given };
}

/** `${source.login}`-style username templates, evaluated against the Okta user's profile. */
export function userNameFor(template: unknown, profile: Json): string {
  const text = typeof template === 'string' ? template : SOURCE_LOGIN;
  return text.replace(/\$\{source\.([A-Za-z0-9_]+)\}/g, (_, field: string) => String(profile[field] ?? ''));
}
