/**
 * @module What a run gave: the output as collapsible JSON, a table when it holds a list, or the error with its kind,
 * Okta's code and what to do about it.
 */
import type { ReactNode } from 'react';
import type { ErrorInfo } from './types.ts';

/** The list an output holds, if any: itself, or its `items` / `options` / `records`. */
export function listIn(value: unknown): Record<string, unknown>[] | undefined {
  const candidates = [
    value,
    ...['items', 'options', 'records'].map((name) =>
      value && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined,
    ),
  ];
  const list = candidates.find((c) => Array.isArray(c) && c.length > 0 && c.every(isPlainObject));
  return list as Record<string, unknown>[] | undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Scalar leaves one object deep (`profile.login`), the most common first: what a person scans a list for. */
function columnsOf(rows: Record<string, unknown>[], max = 7): string[] {
  const counts = new Map<string, number>();
  for (const row of rows.slice(0, 50)) {
    for (const [key, value] of Object.entries(row)) {
      if (isPlainObject(value)) {
        for (const [inner, leaf] of Object.entries(value)) {
          if (!isPlainObject(leaf) && !Array.isArray(leaf))
            counts.set(`${key}.${inner}`, (counts.get(`${key}.${inner}`) ?? 0) + 1);
        }
      } else if (!Array.isArray(value)) {
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  const preferred = ['id', 'value', 'label', 'status', 'profile.login', 'profile.name', 'name', 'eventType'];
  return [...counts.keys()]
    .sort((a, b) => rank(a) - rank(b) || (counts.get(b) ?? 0) - (counts.get(a) ?? 0))
    .slice(0, max);
  function rank(column: string) {
    const index = preferred.indexOf(column);
    return index === -1 ? preferred.length : index;
  }
}

function cell(row: Record<string, unknown>, column: string): string {
  const value = column.split('.').reduce<unknown>((at, part) => (isPlainObject(at) ? at[part] : undefined), row);
  return value === undefined || value === null ? '' : String(value);
}

export function ListTable({ rows }: { rows: Record<string, unknown>[] }) {
  const columns = columnsOf(rows);
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are shown as they came, never reordered
            <tr key={index}>
              {columns.map((c) => (
                <td key={c}>{cell(row, c)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Objects and arrays fold; the first two levels start open. */
export function JsonTree({ value, name, depth = 0 }: { value: unknown; name?: string; depth?: number }) {
  const label = name === undefined ? null : <span className="json-key">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-leaf">
        {label}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${value.length}]` : `{${entries.length}}`;
  return (
    <details className="json-node" open={depth < 2}>
      <summary>
        {label}
        <span className="json-summary">{summary}</span>
      </summary>
      <div className="json-children">
        {entries.map(([key, child]) => (
          <JsonTree key={key} name={key} value={child} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}

export function OutputView({ value }: { value: unknown }) {
  const rows = listIn(value);
  return (
    <div className="output" data-testid="output">
      {rows ? <ListTable rows={rows} /> : null}
      <JsonTree value={value} />
    </div>
  );
}

/** What to do, by the error's kind (docs/architecture.md, "The runtime") and, for Okta's answers, its status. */
export function adviceFor(error: ErrorInfo): string {
  const status = error.details?.status;
  switch (error.kind) {
    case 'validation':
      return 'Fix the fields named below, then run again. Nothing was sent to Okta.';
    case 'connection':
      return status === 403
        ? 'The credential works but may not do this: grant the scope or admin role the step needs, or use another connection.'
        : 'Fix or re-authorise the connection (Connection panel), then test it.';
    case 'okta':
      if (status === 404) return 'Okta has no such object: pick it from the dropdown, or check the id or login.';
      if (status === 409)
        return 'It already exists or conflicts with another object: change the name or login, or use the existing one.';
      if (status === 403)
        return 'Okta refused this operation for this object or org (a feature, policy or role): see Okta’s summary.';
      return 'Okta refused the request: read Okta’s summary, change the input, and run again.';
    case 'transient':
      return error.details?.mayHaveReachedOkta
        ? 'Try again later; the request may have reached Okta, so check before repeating a create.'
        : 'Try again in a moment; nothing reached Okta.';
    default:
      return 'This is a bug in the connector: report it with the request id.';
  }
}

function badge(kind: string) {
  return <span className={`badge kind-${kind}`}>{kind}</span>;
}

function code(text: string) {
  return <code>{text}</code>;
}

export function ErrorView({ error }: { error: ErrorInfo }) {
  const details = error.details ?? {};
  const facts: [string, ReactNode][] = [
    ['Kind', badge(error.kind)],
    ['Code', code(error.code)],
  ];
  if (details.status !== undefined) facts.push(['HTTP status', String(details.status)]);
  if (details.errorCode) facts.push(['Okta error code', code(details.errorCode)]);
  if (details.errorSummary) facts.push(['Okta says', details.errorSummary]);
  if (details.errorId) facts.push(['Okta error id', code(details.errorId)]);
  if (details.requestId) facts.push(['Request id', code(String(details.requestId))]);
  return (
    <div className="error" role="alert" data-testid="error">
      <p className="error-message">{error.message}</p>
      <dl>
        {facts.map(([term, description]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{description}</dd>
          </div>
        ))}
      </dl>
      {details.issues?.length ? (
        <ul className="issues">
          {details.issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <code>{issue.path || '(input)'}</code>: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="advice">
        <strong>What to do:</strong> {adviceFor(error)}
      </p>
    </div>
  );
}
