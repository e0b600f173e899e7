/**
 * @module The playground page's HTML: a shell that loads the React page (host/playground/app.tsx, bundled by
 * host/playground-assets.ts) from the host itself, so it works offline. The page reads the manifest from
 * `GET /api/manifest`; nothing from the manifest is written into this HTML but the connector's name.
 */
import type { Manifest } from '../lib/manifest.ts';
import type { Assets } from './playground-assets.ts';

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface PlaygroundOptions {
  /** With an authorization-code connection: whether the admin has signed in, and where to. */
  signIn?: { authorized: boolean; url: string };
}

export function renderPlayground(manifest: Manifest, assets: Assets, options: PlaygroundOptions = {}): string {
  const version = (name: string) => escapeHtml(assets.get(name)?.hash ?? '');
  const signIn = options.signIn
    ? ` data-sign-in-url="${escapeHtml(options.signIn.url)}" data-signed-in="${options.signIn.authorized}"`
    : '';
  const title = `${escapeHtml(manifest.connector.name)} connector playground`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/playground/app.css?v=${version('app.css')}">
<script type="module" src="/playground/app.js?v=${version('app.js')}"></script>
</head>
<body>
<div id="root"${signIn}><p class="loading">Loading the ${title}…</p></div>
<noscript>The playground needs JavaScript. The API is described at <a href="/api/manifest">/api/manifest</a>.</noscript>
</body>
</html>
`;
}
