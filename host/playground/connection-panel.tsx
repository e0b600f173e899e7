/**
 * @module The connection: the host's default (the sandbox under `npm start`) or any connection type, with its form
 * from `fieldsSchema`. The fields, secrets included, stay in memory (api.ts) and go to the host with each request;
 * nothing is saved in the browser. The test shows the host's diagnostics, check by check.
 */
import { useState } from 'react';
import { ApiError, post, setConnection } from './api.ts';
import { SchemaForm } from './forms.tsx';
import { ErrorView } from './result-view.tsx';
import type { ErrorInfo, Manifest } from './types.ts';

interface Diagnostics {
  ok: boolean;
  checks: { name: string; ok: boolean; message: string }[];
  warnings: string[];
  org?: { id?: string; engine?: string };
}

export function ConnectionPanel({
  manifest,
  signIn,
}: {
  manifest: Manifest;
  signIn?: { authorized: boolean; url: string };
}) {
  const [type, setType] = useState('');
  const [fields, setFields] = useState<Record<string, unknown>>({});
  const [applied, setApplied] = useState('the host’s default connection');
  const [report, setReport] = useState<Diagnostics | undefined>();
  const [error, setError] = useState<ErrorInfo | undefined>();
  const [busy, setBusy] = useState(false);
  const entry = manifest.connections.find((c) => c.key === type);

  const apply = () => {
    setConnection(entry ? { type: entry.key, fields } : undefined);
    setApplied(entry ? `${entry.label} (${String(fields.domain ?? '')})` : 'the host’s default connection');
    setReport(undefined);
    setError(undefined);
  };

  const test = async () => {
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    try {
      setReport(await post<Diagnostics>('/api/connections/test'));
    } catch (caught) {
      setError(
        caught instanceof ApiError ? caught.info : { code: 'PAGE_ERROR', kind: 'internal', message: String(caught) },
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="connection" data-testid="connection-panel">
      <h2>Connection</h2>
      <p>
        Using <strong data-testid="connection-in-use">{applied}</strong>.
      </p>
      <label>
        Type{' '}
        <select
          value={type}
          onChange={(event) => {
            setType(event.target.value);
            setFields({});
          }}
        >
          <option value="">Default (the host’s: the sandbox org under npm start)</option>
          {manifest.connections.map((c) => (
            <option key={c.key} value={c.key}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      {entry ? (
        <>
          <p>{entry.description}</p>
          <SchemaForm
            key={entry.key}
            schema={entry.fieldsSchema}
            formData={fields}
            onChange={setFields}
            onSubmit={apply}
            context={{ dataSources: new Map() }}
            idPrefix="connection"
          >
            <p className="note">
              Secrets stay in this page’s memory and go only to the host; nothing is saved in the browser.
            </p>
            <button type="submit" className="primary">
              Use this connection
            </button>
          </SchemaForm>
        </>
      ) : (
        <button type="button" onClick={apply}>
          Use the default
        </button>
      )}
      {signIn ? (
        <p>
          {signIn.authorized ? 'The host is signed in to Okta.' : 'The host is not signed in yet.'}{' '}
          <a href={signIn.url}>{signIn.authorized ? 'Sign in again' : 'Sign in to Okta'}</a>
        </p>
      ) : null}
      <p>
        <button type="button" onClick={test} disabled={busy}>
          {busy ? 'Testing…' : 'Test connection'}
        </button>
      </p>
      {report ? (
        <div className="diagnostics" data-testid="diagnostics">
          <p>
            <strong>{report.ok ? 'All checks passed' : 'Some checks failed'}</strong>
            {report.org?.engine ? ` · Okta ${report.org.engine}` : ''}
          </p>
          <ul>
            {report.checks.map((check) => (
              <li key={check.name} className={check.ok ? 'ok' : 'fail'}>
                {check.ok ? '✓' : '✗'} <strong>{check.name}</strong>: {check.message}
              </li>
            ))}
            {report.warnings.map((warning) => (
              <li key={warning} className="warn">
                ⚠ {warning}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? <ErrorView error={error} /> : null}
    </section>
  );
}
