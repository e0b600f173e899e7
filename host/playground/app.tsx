/**
 * @module The playground page: try any action, trigger or data source through a form built from the manifest, choose
 * the connection, and build small flows on a canvas. Bundled by esbuild (host/playground-assets.ts).
 */
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, loadManifest } from './api.ts';
import { Catalog } from './catalog.tsx';
import { ConnectionPanel } from './connection-panel.tsx';
import { FlowsView } from './flows.tsx';
import { ErrorView } from './result-view.tsx';
import type { ErrorInfo, Manifest, Selected } from './types.ts';
import { UnitView } from './unit-view.tsx';
import './styles.css';

type Tab = 'steps' | 'flows' | 'connection';

function signInOf(): { authorized: boolean; url: string } | undefined {
  const root = document.getElementById('root');
  const url = root?.dataset.signInUrl;
  return url ? { authorized: root?.dataset.signedIn === 'true', url } : undefined;
}

function App() {
  const [manifest, setManifest] = useState<Manifest | undefined>();
  const [error, setError] = useState<ErrorInfo | undefined>();
  const [tab, setTab] = useState<Tab>('steps');
  const [selected, setSelected] = useState<Selected | undefined>();

  useEffect(() => {
    loadManifest().then(setManifest, (caught) =>
      setError(
        caught instanceof ApiError ? caught.info : { code: 'PAGE_ERROR', kind: 'internal', message: String(caught) },
      ),
    );
  }, []);

  useEffect(() => {
    if (manifest) performance.mark('playground:ready');
  }, [manifest]);

  if (error) return <ErrorView error={error} />;
  if (!manifest) return <p className="loading">Loading the manifest…</p>;
  return (
    <div className="app">
      <header className="top">
        <h1>
          {manifest.connector.name} connector playground <small>v{manifest.connector.version}</small>
        </h1>
        <div className="tabs" role="tablist">
          {(['steps', 'flows', 'connection'] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={tab === name}
              className={tab === name ? 'current' : undefined}
              onClick={() => setTab(name)}
            >
              {name === 'steps' ? 'Steps' : name === 'flows' ? 'Flows' : 'Connection'}
            </button>
          ))}
        </div>
      </header>
      {/* Hidden, not unmounted: a form's values and a flow's live subscription stay when switching tabs. */}
      <div hidden={tab !== 'steps'}>
        <div className="steps-layout">
          <Catalog manifest={manifest} selected={selected} onSelect={setSelected} />
          <main>
            {selected ? (
              <UnitView manifest={manifest} selected={selected} />
            ) : (
              <div className="intro">
                <p>{manifest.connector.description}</p>
                <p>Pick a step on the left: its form comes from the manifest, and Run calls the host.</p>
              </div>
            )}
          </main>
        </div>
      </div>
      <div hidden={tab !== 'flows'}>
        <FlowsView manifest={manifest} />
      </div>
      <div hidden={tab !== 'connection'}>
        <ConnectionPanel manifest={manifest} {...(signInOf() ? { signIn: signInOf() } : {})} />
      </div>
    </div>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
