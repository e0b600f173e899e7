/**
 * @module One action, trigger or data source: what it is, its form, and what running it gave. Actions run once;
 * data sources list a page of options; polling triggers poll (the state is kept for the next poll); webhook
 * triggers subscribe and show each record as it arrives.
 */
import { useEffect, useState } from 'react';
import { ApiError, post, request } from './api.ts';
import { eventsReady, onDelivery } from './events.ts';
import { SchemaForm } from './forms.tsx';
import { useOperationForm } from './operation-form.ts';
import { ErrorView, OutputView } from './result-view.tsx';
import type { ActionEntry, DataSourceEntry, ErrorInfo, Manifest, Selected, TriggerEntry } from './types.ts';

type Unit = ActionEntry | TriggerEntry | DataSourceEntry;

export function findUnit(manifest: Manifest, selected: Selected): Unit | undefined {
  const list: Unit[] =
    selected.kind === 'action'
      ? manifest.actions
      : selected.kind === 'trigger'
        ? manifest.triggers
        : manifest.dataSources;
  return list.find((unit) => unit.key === selected.key);
}

type Result = { ok: true; value: unknown } | { ok: false; error: ErrorInfo };

function failure(error: unknown): Result {
  if (error instanceof ApiError) return { ok: false, error: error.info };
  return { ok: false, error: { code: 'PAGE_ERROR', kind: 'internal', message: String(error) } };
}

/** Webhook delivery when the trigger only has that, or when a webhook-or-polling trigger is set to it. */
function usesWebhook(trigger: TriggerEntry, input: Record<string, unknown>): boolean {
  return (
    trigger.kind === 'webhook' || (trigger.kind === 'webhookOrPolling' && (input.delivery ?? 'webhook') === 'webhook')
  );
}

export function UnitView({ manifest, selected }: { manifest: Manifest; selected: Selected }) {
  const unit = findUnit(manifest, selected);
  const dataSources = new Map(manifest.dataSources.map((d) => [d.key, d]));
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [result, setResult] = useState<Result | undefined>();
  const [busy, setBusy] = useState(false);
  const [pollState, setPollState] = useState<unknown>(undefined);
  const [subscription, setSubscription] = useState<{ id: string; webhookUrl: string } | undefined>();
  const [records, setRecords] = useState<Record<string, unknown>[]>([]);
  const operation = useOperationForm(selected.kind === 'action' ? unit?.key : undefined, formData.operationId);

  // A new unit starts from a clean form.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the selection changes
  useEffect(() => {
    setFormData({});
    setResult(undefined);
    setPollState(undefined);
    setRecords([]);
    setSubscription(undefined);
  }, [selected.kind, selected.key]);

  useEffect(() => {
    if (!subscription) return;
    return onDelivery((event) => {
      if (event.subscriptionId === subscription.id) setRecords((old) => [event.record, ...old].slice(0, 200));
    });
  }, [subscription]);

  if (!unit)
    return (
      <p>
        Unknown {selected.kind} “{selected.key}”.
      </p>
    );
  const trigger = selected.kind === 'trigger' ? (unit as TriggerEntry) : undefined;
  const webhook = trigger ? usesWebhook(trigger, formData) : false;

  const run = async () => {
    setBusy(true);
    try {
      if (selected.kind === 'action') {
        const { output } = await post<{ output: unknown }>(`/api/actions/${encodeURIComponent(unit.key)}`, {
          input: formData,
        });
        setResult({ ok: true, value: output });
      } else if (selected.kind === 'dataSource') {
        const page = await post<unknown>(`/api/datasources/${encodeURIComponent(unit.key)}`, { input: formData });
        setResult({ ok: true, value: page });
      } else if (webhook) {
        await eventsReady();
        const created = await post<{ id: string; webhookUrl: string }>(
          `/api/triggers/${encodeURIComponent(unit.key)}/subscriptions`,
          { input: formData },
        );
        setSubscription(created);
        setResult({ ok: true, value: created });
      } else {
        const polled = await post<{ records: unknown[]; state: unknown }>(
          `/api/triggers/${encodeURIComponent(unit.key)}/poll`,
          {
            input: formData,
            ...(pollState === undefined ? {} : { state: pollState }),
          },
        );
        setPollState(polled.state);
        setResult({ ok: true, value: polled });
      }
    } catch (error) {
      setResult(failure(error));
    } finally {
      setBusy(false);
    }
  };

  const unsubscribe = async () => {
    if (!subscription) return;
    try {
      await request('DELETE', `/api/triggers/${encodeURIComponent(unit.key)}/subscriptions/${subscription.id}`);
      setSubscription(undefined);
    } catch (error) {
      setResult(failure(error));
    }
  };

  const verb =
    selected.kind === 'action'
      ? 'Run'
      : selected.kind === 'dataSource'
        ? 'List options'
        : webhook
          ? 'Subscribe'
          : 'Poll';
  const action = selected.kind === 'action' ? (unit as ActionEntry) : undefined;
  return (
    <section className="unit" data-testid="unit-view">
      <header>
        <h2>{unit.label}</h2>
        <code className="unit-key">{unit.key}</code>
        {action ? <span className="badge">{action.area}</span> : null}
        {trigger ? <span className="badge">{trigger.kind}</span> : null}
        {(operation?.hints ?? action?.hints)?.destructive ? <span className="badge danger">destructive</span> : null}
        {(operation?.hints ?? action?.hints)?.readOnly ? <span className="badge">read-only</span> : null}
      </header>
      <p>{unit.description}</p>
      {unit.scopes.length ? (
        <p className="scopes">
          Needs:{' '}
          {unit.scopes.map((s) => (
            <code key={s}>{s}</code>
          ))}
        </p>
      ) : null}
      <SchemaForm
        key={`${selected.kind}:${unit.key}:${operation?.operationId ?? ''}`}
        schema={operation?.schema ?? unit.inputSchema}
        formData={formData}
        onChange={setFormData}
        onSubmit={run}
        context={{ dataSources }}
        error={result && !result.ok ? result.error : undefined}
      >
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || (webhook && subscription !== undefined)}>
            {busy ? `${verb}…` : verb}
          </button>
          {pollState !== undefined ? <span className="note">The next poll carries on from the last one.</span> : null}
          {subscription ? (
            <button type="button" onClick={unsubscribe}>
              Unsubscribe
            </button>
          ) : null}
        </div>
      </SchemaForm>
      {result ? (
        <div className="result" data-testid="result">
          <h3>{result.ok ? 'Output' : 'Error'}</h3>
          {result.ok ? <OutputView value={result.value} /> : <ErrorView error={result.error} />}
        </div>
      ) : null}
      {subscription ? (
        <div className="result">
          <h3>Delivered records ({records.length})</h3>
          <p className="note">Okta calls {subscription.webhookUrl}; each record shows here as it arrives.</p>
          <OutputView value={records} />
        </div>
      ) : null}
    </section>
  );
}
