/**
 * @module What every connection test checks, whatever the credential: the org is reachable, which engine it runs,
 * the credential is accepted, and lists come back with data.
 */
import type { ConnectionTestReport } from './define.ts';
import { isConnectorError, OktaApiError } from './errors.ts';
import type { OktaClient } from './http/client.ts';

interface OrgMetadata {
  id?: string;
  pipeline?: string;
}

export async function diagnoseOrg(okta: OktaClient, signal: AbortSignal): Promise<ConnectionTestReport> {
  const report: ConnectionTestReport = { ok: true, checks: [], warnings: [] };
  const check = (name: string, ok: boolean, message: string) => {
    report.checks.push({ name, ok, message });
    if (!ok) report.ok = false;
  };

  try {
    // Needs no credential: tells a wrong domain apart from a wrong token (API-FACTS §7.5).
    const { data } = await okta.request<OrgMetadata>({ path: '/.well-known/okta-organization', signal });
    const engine = data?.pipeline === 'idx' ? 'Identity Engine' : data?.pipeline === 'v1' ? 'Classic' : undefined;
    report.org = { id: data?.id, pipeline: data?.pipeline, engine };
    check('org', true, `Reached ${okta.origin}${engine ? ` (Okta ${engine})` : ''}.`);
  } catch (error) {
    check('org', false, `Could not reach an Okta org at ${okta.origin}: ${message(error)} Check the domain.`);
    return report;
  }

  try {
    const { data } = await okta.request<unknown[]>({ path: '/api/v1/users', query: { limit: 1 }, signal });
    check('credential', true, 'The credential was accepted.');
    if (Array.isArray(data) && data.length === 0) {
      // A service app with no admin role gets 200 [] instead of 403 (CATALOG, "Connections").
      report.warnings.push(
        'Listing users returned no one. If the org has users, the credential lacks an admin role: assign one ' +
          '(for example Read-only Administrator) to the API token owner or the service app.',
      );
    }
  } catch (error) {
    const hint =
      error instanceof OktaApiError && error.status === 401
        ? ' The token is wrong, revoked or expired (API tokens expire after 30 days unused): create a new one.'
        : error instanceof OktaApiError && error.status === 403
          ? ' The credential lacks the okta.users.read permission.'
          : '';
    check('credential', false, `${message(error)}${hint}`);
  }
  return report;
}

function message(error: unknown): string {
  if (isConnectorError(error) || error instanceof Error) return error.message;
  return String(error);
}
