/**
 * @module The flow builder: flows saved in the browser's storage, each a trigger and actions in order on a canvas
 * (@xyflow/react); a selected node's form, whose fields take references to earlier outputs; and runs by hand, on
 * each polled record, or on each record a webhook subscription delivers (live, from `GET /api/events`).
 */
import { Background, type Edge, Handle, type Node, type NodeProps, Position, ReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  actionOf,
  deliveryOf,
  errorInfo,
  type Flow,
  type FlowRun,
  newId,
  type Runner,
  referencesFor,
  runFlow,
  startFlow,
  triggerOf,
  withoutSecrets,
} from './flow-engine.ts';
import { SchemaForm } from './forms.tsx';
import { ErrorView, OutputView } from './result-view.tsx';
import type { ErrorInfo, Manifest } from './types.ts';

const STORAGE_KEY = 'okta-connector-playground:flows';

function loadFlows(): Flow[] {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(saved) ? (saved as Flow[]) : [];
  } catch {
    return [];
  }
}

type Selection = { kind: 'trigger' } | { kind: 'step'; id: string } | undefined;

interface StepNodeData extends Record<string, unknown> {
  title: string;
  subtitle: string;
  status?: 'ok' | 'error' | 'running' | 'skipped';
  first: boolean;
}

function StepNode({ data, selected }: NodeProps<Node<StepNodeData>>) {
  return (
    <div className={`flow-node ${data.status ?? ''} ${selected ? 'selected' : ''}`}>
      {data.first ? null : <Handle type="target" position={Position.Top} />}
      <div className="flow-node-title">{data.title}</div>
      <div className="flow-node-subtitle">{data.subtitle}</div>
      {data.status ? <div className="flow-node-status">{data.status}</div> : null}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

const nodeTypes = { step: StepNode };

/** A searchable pick of a trigger or an action to add. */
function Picker(props: {
  items: { key: string; label: string }[];
  placeholder: string;
  onPick: (key: string) => void;
  testId: string;
}) {
  const [text, setText] = useState('');
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const found = words.length
    ? props.items.filter((i) => words.every((w) => `${i.label} ${i.key}`.toLowerCase().includes(w))).slice(0, 12)
    : [];
  return (
    <div className="picker" data-testid={props.testId}>
      <input
        type="search"
        placeholder={props.placeholder}
        aria-label={props.placeholder}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {found.length ? (
        <ul>
          {found.map((item) => (
            <li key={item.key}>
              <button
                type="button"
                data-key={item.key}
                onClick={() => {
                  props.onPick(item.key);
                  setText('');
                }}
              >
                {item.label} <code>{item.key}</code>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function FlowsView({ manifest }: { manifest: Manifest }) {
  const [flows, setFlows] = useState<Flow[]>(loadFlows);
  const [currentId, setCurrentId] = useState<string | undefined>(() => loadFlows()[0]?.id);
  const [selection, setSelection] = useState<Selection>();
  const [runs, setRuns] = useState<Record<string, FlowRun[]>>({});
  const [running, setRunning] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ErrorInfo | undefined>();
  const runners = useRef(new Map<string, Runner>());
  const flowsRef = useRef(flows);
  flowsRef.current = flows;
  const dataSources = useMemo(() => new Map(manifest.dataSources.map((d) => [d.key, d])), [manifest]);

  // Saved on every change, without secrets (flow-engine.ts, withoutSecrets).
  useEffect(() => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(flows.map((f) => withoutSecrets(f, manifest))));
  }, [flows, manifest]);

  const flow = flows.find((f) => f.id === currentId);
  const update = (change: (flow: Flow) => Flow) =>
    setFlows((all) => all.map((f) => (f.id === currentId ? change(f) : f)));

  const record = useCallback((flowId: string, run: FlowRun) => {
    setRuns((all) => {
      const list = all[flowId] ?? [];
      const at = list.findIndex((r) => r.id === run.id);
      const next = at === -1 ? [run, ...list].slice(0, 50) : list.map((r) => (r.id === run.id ? run : r));
      return { ...all, [flowId]: next };
    });
  }, []);

  /** Runs the flow's actions for one trigger record (flow-engine.ts), shown as it goes. */
  const runOnce = useCallback(
    async (flowId: string, cause: FlowRun['cause'], triggerRecord: unknown) => {
      const current = flowsRef.current.find((f) => f.id === flowId);
      if (current) await runFlow(current, cause, triggerRecord, (run) => record(flowId, run));
    },
    [record],
  );

  const start = async (target: Flow) => {
    setProblem(undefined);
    try {
      const runner = await startFlow(target, manifest, {
        run: (cause, item) => runOnce(target.id, cause, item),
        problem: (error) => setProblem(errorInfo(error)),
      });
      if (!runner) return;
      runners.current.set(target.id, runner);
      setRunning((all) => ({ ...all, [target.id]: runner.describe }));
    } catch (error) {
      setProblem(errorInfo(error));
    }
  };

  const stop = async (target: Flow) => {
    const runner = runners.current.get(target.id);
    runners.current.delete(target.id);
    setRunning(({ [target.id]: _, ...rest }) => rest);
    try {
      await runner?.stop();
    } catch (error) {
      setProblem(errorInfo(error));
    }
  };

  const addFlow = () => {
    const created: Flow = { id: newId(), name: `Flow ${flows.length + 1}`, steps: [] };
    setFlows([...flows, created]);
    setCurrentId(created.id);
    setSelection(undefined);
  };

  const removeFlow = async (target: Flow) => {
    await stop(target);
    const rest = flows.filter((f) => f.id !== target.id);
    setFlows(rest);
    setCurrentId(rest[0]?.id);
  };

  const lastRun = flow ? runs[flow.id]?.[0] : undefined;
  const nodes: Node<StepNodeData>[] = [];
  const edges: Edge[] = [];
  if (flow) {
    const trigger = triggerOf(flow, manifest);
    nodes.push({
      id: 'trigger',
      type: 'step',
      position: { x: 0, y: 0 },
      selected: selection?.kind === 'trigger',
      data: {
        title: trigger ? `When: ${trigger.label}` : 'When: run by hand',
        subtitle: trigger ? trigger.key : 'no trigger',
        first: true,
      },
    });
    flow.steps.forEach((step, index) => {
      const action = actionOf(step, manifest);
      const status =
        lastRun?.steps.find((s) => s.stepId === step.id)?.status ??
        (lastRun?.status === 'running' ? 'running' : undefined);
      nodes.push({
        id: step.id,
        type: 'step',
        position: { x: 0, y: 110 * (index + 1) },
        selected: selection?.kind === 'step' && selection.id === step.id,
        data: {
          title: `${index + 1}. ${action?.label ?? step.action}`,
          subtitle: step.action,
          first: false,
          ...(status ? { status } : {}),
        },
      });
      edges.push({
        id: `e-${index}`,
        source: index === 0 ? 'trigger' : flow.steps[index - 1]!.id,
        target: step.id,
        animated: lastRun?.status === 'running',
      });
    });
  }

  const selectedStepIndex =
    flow && selection?.kind === 'step' ? flow.steps.findIndex((s) => s.id === selection.id) : -1;
  const selectedStep = selectedStepIndex >= 0 ? flow?.steps[selectedStepIndex] : undefined;
  const selectedAction = selectedStep ? actionOf(selectedStep, manifest) : undefined;
  const trigger = flow ? triggerOf(flow, manifest) : undefined;

  return (
    <div className="flows" data-testid="flows">
      <aside className="flow-list">
        <h2>Flows</h2>
        <ul>
          {flows.map((f) => (
            <li key={f.id}>
              <button
                type="button"
                className={f.id === currentId ? 'current' : undefined}
                onClick={() => setCurrentId(f.id)}
              >
                {f.name} {running[f.id] ? <span className="badge live">live</span> : null}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={addFlow}>
          New flow
        </button>
        <p className="note">Flows are saved in this browser (without connections or passwords).</p>
      </aside>
      {flow ? (
        <section className="flow-editor">
          <div className="flow-toolbar">
            <input
              aria-label="Flow name"
              value={flow.name}
              onChange={(e) => update((f) => ({ ...f, name: e.target.value }))}
            />
            <button
              type="button"
              onClick={() => runOnce(flow.id, 'manual', lastRun?.trigger ?? trigger?.examples[0]?.output ?? {})}
              disabled={!flow.steps.length}
            >
              Run now
            </button>
            {trigger ? (
              running[flow.id] ? (
                <button type="button" onClick={() => stop(flow)}>
                  Stop
                </button>
              ) : (
                <button type="button" className="primary" onClick={() => start(flow)}>
                  {deliveryOf(flow, manifest) === 'webhook' ? 'Start (webhook)' : 'Start (polling)'}
                </button>
              )
            ) : null}
            <button type="button" className="danger" onClick={() => removeFlow(flow)}>
              Delete flow
            </button>
          </div>
          {running[flow.id] ? (
            <p className="note live-note" data-testid="flow-live">
              {running[flow.id]}
            </p>
          ) : null}
          {problem ? <ErrorView error={problem} /> : null}
          <div className="flow-body">
            <div className="canvas" data-testid="canvas">
              <ReactFlow
                // Fitted anew when a step is added or removed, so that every node is in view.
                key={`${flow.id}:${flow.steps.length}`}
                nodes={nodes}
                edges={edges}
                nodeTypes={nodeTypes}
                onNodeClick={(_, node) =>
                  setSelection(node.id === 'trigger' ? { kind: 'trigger' } : { kind: 'step', id: node.id })
                }
                onPaneClick={() => setSelection(undefined)}
                fitView
                fitViewOptions={{ maxZoom: 1 }}
                nodesConnectable={false}
                proOptions={{ hideAttribution: true }}
              >
                <Background />
              </ReactFlow>
            </div>
            <div className="flow-side">
              {selection?.kind === 'trigger' ? (
                <div className="node-config" data-testid="node-config">
                  <h3>Trigger</h3>
                  <Picker
                    testId="trigger-picker"
                    placeholder="Search triggers…"
                    items={manifest.triggers}
                    onPick={(key) => update((f) => ({ ...f, trigger: { key, input: {} } }))}
                  />
                  {trigger && flow.trigger ? (
                    <>
                      <p>
                        <strong>{trigger.label}</strong> <code>{trigger.key}</code>
                      </p>
                      <p className="note">{trigger.description}</p>
                      <SchemaForm
                        key={`trigger:${trigger.key}`}
                        schema={trigger.inputSchema}
                        formData={flow.trigger.input}
                        onChange={(input) => update((f) => ({ ...f, trigger: f.trigger && { ...f.trigger, input } }))}
                        context={{ dataSources }}
                        idPrefix="trigger"
                      />
                      <button type="button" onClick={() => update((f) => ({ ...f, trigger: undefined }))}>
                        Remove trigger
                      </button>
                    </>
                  ) : null}
                </div>
              ) : selectedStep && selectedAction ? (
                <div className="node-config" data-testid="node-config">
                  <h3>
                    {selectedStepIndex + 1}. {selectedAction.label}
                  </h3>
                  <p className="note">
                    {selectedAction.description} Use <code>{'{{ }}'}</code> beside a field for a value from the trigger
                    or an earlier step.
                  </p>
                  <SchemaForm
                    key={`step:${selectedStep.id}`}
                    schema={selectedAction.inputSchema}
                    formData={selectedStep.input}
                    onChange={(input) =>
                      update((f) => ({
                        ...f,
                        steps: f.steps.map((s) => (s.id === selectedStep.id ? { ...s, input } : s)),
                      }))
                    }
                    context={{ dataSources, refs: referencesFor(flow, selectedStepIndex, manifest) }}
                    refs
                    idPrefix={`step${selectedStepIndex + 1}`}
                  />
                  <div className="form-actions">
                    <button
                      type="button"
                      disabled={selectedStepIndex === 0}
                      onClick={() =>
                        update((f) => {
                          const steps = [...f.steps];
                          [steps[selectedStepIndex - 1], steps[selectedStepIndex]] = [
                            steps[selectedStepIndex]!,
                            steps[selectedStepIndex - 1]!,
                          ];
                          return { ...f, steps };
                        })
                      }
                    >
                      Move up
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        update((f) => ({ ...f, steps: f.steps.filter((s) => s.id !== selectedStep.id) }));
                        setSelection(undefined);
                      }}
                    >
                      Remove step
                    </button>
                  </div>
                </div>
              ) : (
                <p className="note">Select the trigger or a step on the canvas to configure it.</p>
              )}
              <div className="add-step">
                <h3>Add an action</h3>
                <Picker
                  testId="action-picker"
                  placeholder="Search actions…"
                  items={manifest.actions}
                  onPick={(key) => {
                    const step = { id: newId(), action: key, input: {} };
                    update((f) => ({ ...f, steps: [...f.steps, step] }));
                    setSelection({ kind: 'step', id: step.id });
                  }}
                />
              </div>
            </div>
          </div>
          <RunsList runs={runs[flow.id] ?? []} flow={flow} manifest={manifest} />
        </section>
      ) : (
        <section className="flow-editor">
          <p>No flow yet. Create one: a trigger, then actions in order.</p>
        </section>
      )}
    </div>
  );
}

function RunsList({ runs, flow, manifest }: { runs: FlowRun[]; flow: Flow; manifest: Manifest }) {
  return (
    <div className="runs" data-testid="runs">
      <h3>Runs ({runs.length})</h3>
      {runs.map((run) => (
        <details key={run.id} className={`run ${run.status}`} data-status={run.status}>
          <summary>
            <span className={`badge run-${run.status}`}>{run.status}</span>{' '}
            {new Date(run.startedAt).toLocaleTimeString()} · {run.cause}
            {' · '}
            {run.steps
              .map((s) => `${s.action} ${s.status === 'ok' ? '✓' : s.status === 'error' ? '✗' : '–'}`)
              .join(' → ')}
          </summary>
          <h4>Trigger record</h4>
          <OutputView value={run.trigger} />
          {run.steps.map((s, index) => (
            <div key={s.stepId} className="run-step">
              <h4>
                {index + 1}.{' '}
                {actionOf(
                  flow.steps.find((x) => x.id === s.stepId) ?? { id: '', action: s.action, input: {} },
                  manifest,
                )?.label ?? s.action}
                : {s.status}
              </h4>
              {s.status === 'ok' ? <OutputView value={s.output} /> : s.error ? <ErrorView error={s.error} /> : null}
            </div>
          ))}
        </details>
      ))}
    </div>
  );
}
