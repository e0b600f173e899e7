/**
 * @module The dynamic dropdowns: each data source a hidden polling trigger under the data source's key, answered by
 * `listOptions` one page at a time. Zapier asks for page 0, then 1, 2… as the user scrolls ("Load more");
 * `canPaginate` gives the trigger Zapier's temporary cursor storage (`z.cursor`), which keeps Okta's cursor for the
 * next page between those calls. A dependent dropdown (a user's factors) reads its parent from the step's fields.
 */
import { catalogue, type ManifestDataSource } from '../../shared/catalogue.ts';
import type { Bundle, Z } from './auth.ts';
import { type StepContext, step } from './step.ts';

/** The cursor stored once the last page was read: the next page is empty. */
const NO_MORE = '';

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
          const page = Number(bundle.meta?.page ?? 0);
          const cursor = page > 0 ? await z.cursor.get() : undefined;
          if (page > 0 && !cursor) return [];
          const input: Record<string, unknown> = {};
          for (const parent of source.dependsOn) {
            const value = bundle.inputData?.[parent];
            if (value !== undefined && value !== null && value !== '') input[parent] = value;
          }
          const result = await runtime.listOptions(source.key, { connection, input, ...(cursor ? { cursor } : {}) });
          await z.cursor.set(result.nextCursor ?? NO_MORE);
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
