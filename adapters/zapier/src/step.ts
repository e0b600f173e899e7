/**
 * @module What every Zapier step shares: the connection from `bundle.authData`, the process's runtime, our errors as
 * Zapier's, and Zapier's display limits.
 */
import { sharedRuntime } from '../../shared/runtime.ts';
import { type AuthenticationKind, type Bundle, connectionOf, type Z } from './auth.ts';
import { type ZapierErrors, zapierError } from './errors.ts';

/** Output samples by unit key (written by build.ts from the output schemas; Zapier requires one per visible unit). */
export type Samples = Record<string, Record<string, unknown>>;

/** What every step shares: the authentication kind (for the connection and the refresh error). */
export interface StepContext {
  kind: AuthenticationKind;
  samples: Samples;
}

/** Runs `work` with the step's connection; our errors become Zapier's. */
export async function step<T>(
  context: StepContext,
  z: Z,
  bundle: Bundle,
  work: (runtime: Awaited<ReturnType<typeof sharedRuntime>>, connection: ReturnType<typeof connectionOf>) => Promise<T>,
): Promise<T> {
  try {
    return await work(await sharedRuntime(), connectionOf(context.kind, bundle.authData ?? {}));
  } catch (error) {
    throw zapierError(z.errors as ZapierErrors, error, context.kind === 'oauth2');
  }
}

/** Zapier's display label: 2 to 64 characters. */
export const displayLabel = (label: string) => (label.length > 64 ? `${label.slice(0, 63)}…` : label);
/** Zapier's display description: 1 to 1,000 characters. */
export const displayDescription = (text: string) => (text.length > 1000 ? `${text.slice(0, 999)}…` : text);
