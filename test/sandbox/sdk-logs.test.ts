/**
 * The System Log driven through Okta's Node SDK: bounded queries end, polling queries follow new events, and what
 * Okta documents as refused is refused ([DOCS] system-log-query; docs/okta.md §3).
 */
import { describe, expect, it } from 'vitest';
import { all, oktaFailure, useSdk } from './sdk-harness.ts';

const t = useSdk({ users: 30, seed: 25 });
const DAY = 86_400_000;

describe('the System Log through the SDK', () => {
  it('pages a bounded query newest first to its end', async () => {
    const since = new Date(Date.now() - 40 * DAY).toISOString();
    const until = new Date(Date.now() + 60_000).toISOString();
    const collection = await t.client.systemLogApi.listLogEvents({ since, until, sortOrder: 'DESCENDING', limit: 7 });
    const published: string[] = [];
    for await (const event of collection) if (event) published.push(event.published?.toISOString() ?? '');
    const total = t.sandbox.org.systemLog.list().filter((s) => s.publishedAt >= Date.parse(since)).length;
    expect(published).toHaveLength(total);
    expect([...published].sort().reverse()).toEqual(published);
  });

  it('filters with a SCIM expression and finds a change made a moment ago by polling', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const group = await t.client.groupApi.createGroup({ group: { profile: { name: 'Log watchers' } } });
    const collection = await t.client.systemLogApi.listLogEvents({
      since,
      filter: `eventType eq "group.lifecycle.create" and target.id eq "${group.id}"`,
    });
    const found: string[] = [];
    // A polling query never ends on its own (docs/okta.md §3.2): stop at the first event.
    for await (const event of collection) {
      if (event) found.push(event.eventType as string);
      break;
    }
    expect(found).toEqual(['group.lifecycle.create']);
  });

  it('refuses since more than 180 days back, published in a filter, and over-long keywords', async () => {
    // The SDK sends nothing until the collection is read.
    const old = t.client.systemLogApi.listLogEvents({ since: '2018-01-26T00:00:00Z' }).then(all);
    expect(await oktaFailure(old)).toEqual({ status: 400, errorCode: 'E0000053' });
    const published = t.client.systemLogApi.listLogEvents({ filter: 'published gt "2026-01-01T00:00:00Z"' }).then(all);
    expect(await oktaFailure(published)).toEqual({ status: 400, errorCode: 'E0000053' });
    const long = t.client.systemLogApi.listLogEvents({ q: 'x'.repeat(41) }).then(all);
    expect(await oktaFailure(long)).toEqual({ status: 400, errorCode: 'E0000001' });
  });
});
