/**
 * @module Stands in for markdown-to-jsx in the bundle (host/playground-assets.ts): @rjsf/core renders markdown only
 * for `ui:enableMarkdownInDescription`, which the playground never sets, and for two rare internal messages, shown
 * here as plain text. It saves a fifth of the bundle.
 */
import type { ReactNode } from 'react';

export function Markdown({ children }: { children?: ReactNode }) {
  return children ?? null;
}
