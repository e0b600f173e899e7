/**
 * @module What every connection test checks, whatever the credential: the org is reachable, which engine it runs,
 * a token can be obtained (OAuth), the credential is accepted, which read scopes it can use, and whether lists come
 * back with data (a service app without an admin role gets `200 []`).
 */
import { parseChallenge } from './auth/challenge.ts';
import type { ConnectionTestReport } from './define.ts';
import { isConnectorError, isOktaApiError } from './errors.ts';
import type { OktaClient } from './http/client.ts';

interface OrgMetadata {
  id?: string;
  pipeline?: string;
}

export interface DiagnoseOptions {
  /** Obtains the connection's access token (OAuth connections); its failure says what is wrong with the app. */
  token?: () => Promise<{ type: string; scope: string | undefined }>;
  /** The scopes the connection asks for, to name those Okta did not grant. */
  requestedScopes?: string[];
}

/** Read calls that tell which scopes the credential can use: cheap (`limit=1`) and harmless. */
const PROBES: { scope: string; path: string }[] = [
  { scope: 'okta.users.read', path: '/api/v1/users' },
  { scope: 'okta.groups.read', path: '/api/v1/groups' },
  { scope: 'okta.apps.read', path: '/api/v1/apps' },
  { scope: 'okta.logs.read', path: '/api/v1/logs' },
];

export async function diagnoseOrg(
  okta: OktaClient,
  signal: AbortSignal,
  options: DiagnoseOptions = {},
): Promise<ConnectionTestReport> {
  const report: ConnectionTestReport = { ok: true, checks: [], warnings: [] };
  const check = (name: string, ok: boolean, message: string) => {
    report.checks.push({ name, ok, message });
    if (!ok) report.ok = false;
  };

  try {
    // Needs no credential, so it is sent without one: a wrong domain is told apart from a wrong credential, and an
    // OAuth app that cannot get a token does not hide a reachable org (docs/okta.md §7.5).
    const response = await fetch(`${okta.origin}/.well-known/okta-organization`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)]),
    });
    if (!response.ok) throw new Error(`it answered ${response.status} to /.well-known/okta-organization.`);
    const data = (await response.json().catch(() => undefined)) as OrgMetadata | undefined;
    const engine = data?.pipeline === 'idx' ? 'Identity Engine' : data?.pipeline === 'v1' ? 'Classic' : undefined;
    report.org = { id: data?.id, pipeline: data?.pipeline, engine };
    check('org', true, `Reached ${okta.origin}${engine ? ` (Okta ${engine})` : ''}.`);
  } catch (error) {
    check('org', false, `Could not reach an Okta org at ${okta.origin}: ${message(error)} Check the domain.`);
    return report;
  }

  let granted: string[] | undefined;
  if (options.token) {
    try {
      const token = await options.token();
      granted = token.scope?.split(' ').filter(Boolean);
      const bound = token.type.toLowerCase() === 'dpop';
      check(
        'token',
        true,
        bound
          ? 'Obtained a DPoP-bound access token (the app requires DPoP; every request carries a fresh proof).'
          : 'Obtained a Bearer access token (the app does not require DPoP).',
      );
      const missing = (options.requestedScopes ?? []).filter((scope) => granted && !granted.includes(scope));
      if (missing.length) {
        report.warnings.push(
          `Okta did not grant ${missing.join(', ')}: grant them on the app\u2019s "Okta API Scopes" tab, or remove ` +
            'them from the connection. Calls that need them will fail with insufficient_scope.',
        );
      }
    } catch (error) {
      check('token', false, message(error));
      return report;
    }
  }

  try {
    const { data } = await okta.request<unknown[]>({ path: '/api/v1/users', query: { limit: 1 }, signal });
    check('credential', true, 'The credential was accepted.');
    if (Array.isArray(data) && data.length === 0) {
      // A service app with no admin role gets 200 [] instead of 403 (docs/catalog.md, "Connections").
      report.warnings.push(
        'Listing users returned no one. If the org has users, the credential lacks an admin role: assign one ' +
          '(for example Read-only Administrator) to the API token owner or the service app (Admin roles tab).',
      );
    }
  } catch (error) {
    const scope = isOktaApiError(error) && /insufficient_scope/.test(error.wwwAuthenticate ?? '');
    if (!scope) {
      check('credential', false, message(error));
      return report;
    }
    check('credential', true, 'The credential was accepted (it cannot read users).');
  }

  const usable: string[] = [];
  const refused: string[] = [];
  for (const probe of PROBES) {
    try {
      await okta.request({ path: probe.path, query: { limit: 1 }, signal });
      usable.push(probe.scope);
    } catch (error) {
      if (!isOktaApiError(error) || (error.status !== 403 && error.status !== 401)) continue;
      const challenge = parseChallenge(error.wwwAuthenticate);
      refused.push(`${probe.scope} (${challenge.error ?? error.errorCode ?? error.status})`);
    }
  }
  const parts = [
    granted ? `Granted: ${granted.join(', ') || 'none'}.` : '',
    usable.length ? `Verified: ${usable.join(', ')}.` : '',
    refused.length ? `Refused: ${refused.join(', ')}.` : '',
  ].filter(Boolean);
  check('scopes', true, parts.join(' ') || 'No read scope could be verified.');
  return report;
}

function message(error: unknown): string {
  if (isConnectorError(error) || error instanceof Error) return error.message;
  return String(error);
}
