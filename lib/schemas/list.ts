/**
 * @module The input and output every list action shares: one page (`limit`, `after`) or every page (`fetchAll`,
 * capped by `maxRecords`), with `{ items, nextCursor }` back, and `extraQuery` for parameters we do not model.
 */
import { z } from 'zod';
import { cursorText, queryRecord, queryValueText } from './bounds.ts';

export interface ListLimits {
  /** What Okta answers with when no limit is sent, or our choice when it has none. */
  defaultLimit: number;
  /** Okta's largest page for the endpoint (docs/okta.md §2.2). */
  maxLimit: number;
  /** The largest `maxRecords` a caller may ask for. */
  maxRecordsCap?: number;
}

/** The paging fields of a list action's input, to spread into its `z.object`. */
export function listFields({ defaultLimit, maxLimit, maxRecordsCap = 100_000 }: ListLimits) {
  return {
    limit: z
      .number()
      .int()
      .min(1)
      .max(maxLimit)
      .default(defaultLimit)
      .meta({
        label: 'Page size',
        description: `Records per request, 1 to ${maxLimit}.`,
        example: Math.min(50, maxLimit),
      }),
    after: cursorText().optional().meta({
      label: 'Cursor',
      description: 'Where to continue: the nextCursor of a previous run with the same inputs.',
      placeholder: 'nextCursor from the previous page',
    }),
    fetchAll: z.boolean().default(false).meta({
      label: 'Fetch all pages',
      description: 'Follow every page up to Max records, instead of returning one page.',
      example: true,
    }),
    maxRecords: z
      .number()
      .int()
      .min(1)
      .max(maxRecordsCap)
      .default(Math.min(1000, maxRecordsCap))
      .meta({
        label: 'Max records',
        description: `With Fetch all pages: stop after this many records (at most ${maxRecordsCap}); nextCursor then tells where to continue.`,
        example: 1000,
      }),
  };
}

/**
 * The fields of a list action's input with `extraQuery` added: query parameters we do not model, sent as they are.
 * Every other field of the input is reserved, so `extraQuery` can never override one (`search`, `limit`, `after`…):
 * the reserved names come from the schema itself, not from a list kept by hand.
 */
export function withExtraQuery<T extends z.ZodRawShape>(shape: T) {
  return { ...shape, extraQuery: extraQueryField(Object.keys(shape)) };
}

/** Query parameters we do not model, sent as they are; the `reserved` ones cannot be overridden from here. */
export function extraQueryField(reservedNames: string[]) {
  const reserved = new Set(reservedNames);
  return queryRecord(queryValueText())
    .optional()
    .superRefine((query, ctx) => {
      for (const name of Object.keys(query ?? {})) {
        if (reserved.has(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `"${name}" has its own input field; set it there instead of in Extra query parameters`,
          });
        }
      }
    })
    .meta({
      label: 'Extra query parameters',
      description: 'Further Okta query parameters for this endpoint, sent as they are.',
      example: { expand: 'classification' },
    });
}

export function listOutput<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .optional()
      .meta({ description: 'Pass as `after` to continue; absent when there is nothing more to read.' }),
  });
}
