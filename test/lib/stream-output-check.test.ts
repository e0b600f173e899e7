/**
 * The output check on streamed records (`streamAction`, lib/runtime.ts): the first 20 records of each stream are
 * checked against the list's item schema, as a run's output is (docs/architecture.md, "Streaming and partitioned
 * export"). The sandbox, built to Okta, never answers a record that breaks Okta's schema, so a bare loopback server
 * plays the org: Okta-shaped pages of groups with `Link` headers, where chosen records carry a group `type` Okta's spec
 * does not have, as if Okta had added one. What these catch: `streamAction` skipping its output check, or checking
 * more or fewer records than documented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import type { Logger } from '../../lib/define.ts';
import { isConnectorError } from '../../lib/errors.ts';
import type { RuntimeOptions } from '../../lib/runtime.ts';
import { type RawOrg, startRawOrg } from './raw-org.ts';

const PAGE = 10;
/** The records checked at the start of each stream (docs/architecture.md). */
const CHECKED = 20;

let org: RawOrg;
beforeAll(async () => {
  org = await startRawOrg();
});
afterAll(() => org?.close());

function group(index: number, type: string) {
  const id = `00g${String(index).padStart(17, '0')}`;
  return {
    id,
    created: '2026-01-01T00:00:00.000Z',
    lastUpdated: '2026-01-01T00:00:00.000Z',
    lastMembershipUpdated: '2026-01-01T00:00:00.000Z',
    objectClass: ['okta:user_group'],
    type,
    profile: { name: `Group ${index}`, description: null },
    _links: { users: { href: `${org.origin}/api/v1/groups/${id}/users` } },
  };
}

/** `total` groups in pages of PAGE, `after` the index of the last record sent; `broken` are the 1-based records Okta "changed". */
function serveGroups(
  total: number,
  broken: (n: number) => boolean,
  withoutId: (n: number) => boolean = () => false,
): void {
  org.handle((request, response) => {
    const url = new URL(request.url ?? '/', org.origin);
    const start = Number(url.searchParams.get('after') ?? 0);
    const items = [];
    for (let n = start + 1; n <= Math.min(start + PAGE, total); n += 1) {
      const record: Partial<ReturnType<typeof group>> = group(n, broken(n) ? 'OKTA_NEW_GROUP_TYPE' : 'OKTA_GROUP');
      if (withoutId(n)) delete record.id;
      items.push(record);
    }
    const links = [`<${org.origin}/api/v1/groups?limit=${PAGE}${start ? `&after=${start}` : ''}>; rel="self"`];
    if (start + PAGE < total)
      links.push(`<${org.origin}/api/v1/groups?limit=${PAGE}&after=${start + PAGE}>; rel="next"`);
    response.writeHead(200, {
      'content-type': 'application/json',
      link: links.join(', '),
      date: new Date().toUTCString(),
    });
    response.end(JSON.stringify(items));
  });
}

function connector(options: RuntimeOptions) {
  return createConnector({ ...options, client: { retry: { maxRetries: 0 } } });
}
const connection = () => ({ type: 'apiToken', fields: { domain: org.origin, apiToken: 'stream-check-token-29' } });

/** Every record of a `listGroups` stream, or the error it ended with. */
async function stream(options: RuntimeOptions): Promise<{ records: { id: string }[]; error?: unknown }> {
  const records: { id: string }[] = [];
  try {
    for await (const record of connector(options).streamAction('listGroups', {
      connection: connection(),
      input: { limit: PAGE },
    })) {
      records.push(record as { id: string });
    }
    return { records };
  } catch (error) {
    return { records, error };
  }
}

describe('the output check of streamed records (catches streamAction skipping it)', () => {
  it('in throw mode fails the stream at a record that breaks the item schema, naming the field', async () => {
    serveGroups(30, (n) => n === CHECKED);
    const { records, error } = await stream({ outputCheck: 'throw' });
    if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
    expect(error.code).toBe('UNEXPECTED_OUTPUT');
    expect(error.message).toMatch(/listGroups.*streamed record.*type/);
    // The records before it were delivered; the broken one was not.
    expect(records).toHaveLength(CHECKED - 1);
  });

  it(`checks only the first ${CHECKED} records of a stream`, async () => {
    serveGroups(30, (n) => n > CHECKED);
    const { records, error } = await stream({ outputCheck: 'throw' });
    expect(error).toBeUndefined();
    expect(records).toHaveLength(30);
  });

  it(`in warn mode delivers every record and warns for each of the first ${CHECKED} that breaks it`, async () => {
    serveGroups(30, () => true);
    const warnings: string[] = [];
    const log: Logger = { debug() {}, info() {}, warn: (message) => warnings.push(message) };
    const { records, error } = await stream({ outputCheck: 'warn', log });
    expect(error).toBeUndefined();
    expect(records).toHaveLength(30);
    const mismatches = warnings.filter((w) => /does not match its schema/.test(w));
    expect(mismatches).toHaveLength(CHECKED);
    expect(mismatches[0]).toMatch(/listGroups.*streamed record.*type/);
  });

  it('is skipped when off', async () => {
    serveGroups(30, () => true);
    const { records, error } = await stream({ outputCheck: 'off' });
    expect(error).toBeUndefined();
    expect(records).toHaveLength(30);
  });
});

describe('the id of each streamed record (catches streamAction dropping its per-record check)', () => {
  it('fails at a record without an id, past the checked records and with the output check off', async () => {
    serveGroups(
      30,
      () => false,
      (n) => n === 25,
    );
    const { records, error } = await stream({ outputCheck: 'off' });
    if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
    expect(error.code).toBe('UNEXPECTED_RESPONSE');
    expect(error.message).toContain('"id" (record 24)');
    expect(records).toHaveLength(24);
  });
});
