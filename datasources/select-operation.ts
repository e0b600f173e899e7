import { z } from 'zod';
import { defineDataSource } from '../lib/define.ts';
import { loadOperationIndex, searchOperations } from '../lib/operation-index.ts';
import { PICKLIST_PAGE_SIZE } from '../lib/picklist.ts';

/**
 * Every operation of Okta's Management API, for callOktaOperation: searched by id, tag, summary, method and path in
 * the index that comes with the connector (lib/operation-index.ts), so it calls nothing on the org. The cursor is the
 * offset of the next page.
 */
export default defineDataSource({
  key: 'selectOperation',
  label: 'Select Okta Operation',
  description:
    "Operations of Okta's Management API, searched by operationId, tag, summary and path (every word must match).",
  scopes: [],
  dependsOn: [],
  input: z.object({}),
  operations: [],
  async list({ search, cursor }) {
    const found = searchOperations(await loadOperationIndex(), search);
    const start = /^\d+$/.test(cursor ?? '') ? Number(cursor) : 0;
    const page = found.slice(start, start + PICKLIST_PAGE_SIZE);
    const next = start + PICKLIST_PAGE_SIZE;
    return {
      options: page.map((op) => ({
        value: op.id,
        label: op.summary,
        description: `${op.method} ${op.path} · ${op.tag}${op.hints.destructive ? ' · destructive' : ''}`,
      })),
      nextCursor: next < found.length ? String(next) : undefined,
    };
  },
});
