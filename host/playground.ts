/**
 * @module The playground: one self-contained HTML page rendered from the manifest, to try every action by hand. No
 * build step and no external assets, so it works offline and from the bundle.
 */
import type { Manifest } from '../lib/manifest.ts';

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

type Action = Manifest['actions'][number];

function renderAction(action: Action): string {
  const example = JSON.stringify(action.examples[0]?.input ?? {}, null, 2);
  return `<details id="action-${escapeHtml(action.key)}">
<summary><strong>${escapeHtml(action.label)}</strong> <code>${escapeHtml(action.key)}</code></summary>
<p>${escapeHtml(action.description)}</p>
<form data-action="${escapeHtml(action.key)}">
<textarea name="input" rows="${Math.min(12, example.split('\n').length + 1)}" spellcheck="false">${escapeHtml(example)}</textarea>
<button type="submit">Run</button>
<output></output>
</form>
</details>`;
}

function renderEntry(entry: { key: string; label: string; description: string }, note = ''): string {
  return `<li><strong>${escapeHtml(entry.label)}</strong> <code>${escapeHtml(entry.key)}</code>${note}<br>${escapeHtml(entry.description)}</li>`;
}

/** Actions grouped by area, in the order the registry lists them. */
function groupByArea(actions: Action[]): Map<string, Action[]> {
  const areas = new Map<string, Action[]>();
  for (const action of actions) areas.set(action.area, [...(areas.get(action.area) ?? []), action]);
  return areas;
}

// The script reads only the DOM, never the manifest, so no manifest text is ever interpolated into script code.
const SCRIPT = `
document.addEventListener('submit', async (event) => {
  const form = event.target.closest('form[data-action]');
  if (!form) return;
  event.preventDefault();
  const out = form.querySelector('output');
  const body = {};
  try {
    body.input = JSON.parse(form.elements.input.value || '{}');
    const connection = document.getElementById('connection').value.trim();
    if (connection) body.connection = JSON.parse(connection);
  } catch (error) {
    out.textContent = 'Not valid JSON: ' + error.message;
    return;
  }
  out.textContent = 'Running…';
  try {
    const response = await fetch('/api/actions/' + encodeURIComponent(form.dataset.action), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    out.textContent = response.status + '\\n' + JSON.stringify(await response.json(), null, 2);
  } catch (error) {
    out.textContent = 'Request failed: ' + error.message;
  }
});
`;

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
details { margin: .4rem 0; padding: .4rem .6rem; border: 1px solid #e3e3e3; border-radius: 6px; }
summary { cursor: pointer; }
code { color: #555; }
textarea { width: 100%; box-sizing: border-box; font: 13px ui-monospace, monospace; }
output { display: block; white-space: pre-wrap; font: 13px ui-monospace, monospace; background: #f6f6f6; margin-top: .4rem;
  max-height: 30rem; overflow: auto; }
output:empty { display: none; }
li { margin: .4rem 0; }
`;

export interface PlaygroundOptions {
  /** With an authorization-code connection: whether the admin has signed in, and where to. */
  signIn?: { authorized: boolean; url: string };
}

export function renderPlayground(manifest: Manifest, options: PlaygroundOptions = {}): string {
  const signIn = options.signIn
    ? `<p>${options.signIn.authorized ? 'Signed in to Okta.' : 'Not signed in yet.'} <a href="${escapeHtml(options.signIn.url)}">${options.signIn.authorized ? 'Sign in again' : 'Sign in to Okta'}</a></p>`
    : '';
  const areas = [...groupByArea(manifest.actions)]
    .map(([area, actions]) => `<h3>${escapeHtml(area)}</h3>\n${actions.map(renderAction).join('\n')}`)
    .join('\n');
  const triggers = manifest.triggers.map((t) => renderEntry(t, ` <em>(${escapeHtml(t.kind)})</em>`)).join('\n');
  const dataSources = manifest.dataSources.map((d) => renderEntry(d)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(manifest.connector.name)} connector playground</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(manifest.connector.name)} connector playground</h1>
<p>${escapeHtml(manifest.connector.description)} <small>v${escapeHtml(manifest.connector.version)}</small></p>
${signIn}
<details>
<summary>Connection</summary>
<p>Leave empty to use the host's default connection, or paste <code>{"type":"apiToken","fields":{…}}</code>.</p>
<textarea id="connection" rows="3" spellcheck="false" autocomplete="off"></textarea>
</details>
<h2>Actions</h2>
${areas || '<p>None.</p>'}
<h2>Triggers</h2>
${triggers ? `<ul>${triggers}</ul>` : '<p>None.</p>'}
<h2>Data sources</h2>
${dataSources ? `<ul>${dataSources}</ul>` : '<p>None.</p>'}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
