/**
 * @module The dynamic dropdowns: each data source a hidden polling trigger under the data source's key, answered by
 * `listOptions` one page at a time. Zapier asks for page 0, then 1, 2… as the user scrolls ("Load more");
 * `canPaginate` gives the trigger Zapier's temporary cursor storage (`z.cursor`), which keeps Okta's cursor for the
 * next page between those calls. Where there is none (a local run: `zapier invoke`, `createAppTester`), or it has
 * expired, page n is reached by following Okta's cursors from the first page. A dependent dropdown (a user's
 * factors) reads its parent from the step's fields.
 *
 * Zapier's dropdowns do not send what the user types to the app: a field whose objects a search finds (Find User,
 * Find Group) also offers that search step (fields.ts), which searches Okta.
 */
import { catalogue, type ManifestDataSource } from '../../shared/catalogue.ts';
import type { Bundle, Z } from './auth.ts';
import { type StepContext, step } from './step.ts';

/** The cursor stored once the last page was read: the next page is empty. */
const NO_MORE = '';
/** Pages walked at most to reach one without a stored cursor: 5,000 options, far past what anyone scrolls. */
const MAX_WALK = 100;

/** Zapier's cursor storage, or undefined where it cannot be reached (no RPC in a local run). */
async function storedCursor(z: Z): Promise<string | undefined> {
  try {
    const stored: unknown = await z.cursor.get();
    return typeof stored === 'string' ? stored : undefined;
  } catch {
    return undefined;
  }
}

async function storeCursor(z: Z, cursor: string): Promise<void> {
  try {
    await z.cursor.set(cursor);
  } catch {
    // No cursor storage: the next page walks from the first (storedCursor).
  }
}

function dropdownTrigger(context: StepContext, source: ManifestDataSource) {
  return {
    key: source.key,
    noun: 'Option',
    display: { label: source.label, description: source.description, hidden: true },
    operation: {
      type: 'polling',
      canPaginate: true,
      perform: (z: Z, bundle: Bundle) =>
        step(context, z, bundle, async (runtime, connection) => {
          const page = Math.max(0, Math.trunc(Number(bundle.meta?.page ?? 0)) || 0);
          const input: Record<string, unknown> = {};
          for (const parent of source.dependsOn) {
            const value = bundle.inputData?.[parent];
            if (value !== undefined && value !== null && value !== '') input[parent] = value;
          }
          const list = (cursor: string | undefined) =>
            runtime.listOptions(source.key, { connection, input, ...(cursor ? { cursor } : {}) });
          let cursor = page > 0 ? await storedCursor(z) : undefined;
          if (page > MAX_WALK && cursor === undefined) return [];
          if (page > 0 && cursor === undefined) {
            // No stored cursor: follow Okta's from the first page.
            for (let skipped = 0; skipped < page && cursor !== NO_MORE; skipped++) {
              cursor = (await list(cursor)).nextCursor ?? NO_MORE;
            }
          }
          if (cursor === NO_MORE) return [];
          const result = await list(cursor);
          await storeCursor(z, result.nextCursor ?? NO_MORE);
          return result.options.map((option) => ({
            id: option.value,
            name: option.label,
            ...(option.description ? { description: option.description } : {}),
          }));
        }),
    },
  };
}

export function dropdownTriggers(context: StepContext) {
  return Object.fromEntries(catalogue().dataSources.map((source) => [source.key, dropdownTrigger(context, source)]));
}
