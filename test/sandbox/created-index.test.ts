/**
 * The sandbox's user search sorted on `created` reads an index (Okta's search is indexed, docs/okta.md §2.3): the
 * pages it serves, followed by their `next` links, must hold exactly what a scan of the whole org sorted by
 * (`created`, id) holds, whatever the range, order, extra clauses, users created out of order or deleted. Plain undici,
 * so the client's own rules cannot hide a wrong answer.
 */
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../../sandbox/filter.ts';
import { SEARCH_RULES } from '../../sandbox/handlers/users.ts';
import type { User } from '../../sandbox/state.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 700, seed: 27, rateLimits: { enabled: false } });
const DAY = 86_400_000;

beforeAll(() => {
  const users = sandbox.org.listUsers();
  const middle = Date.parse((users[350] as User).created);
  // Created out of id order, some sharing one millisecond (ties go by id), and one deleted.
  for (let i = 0; i < 12; i += 1) {
    const login = `late.${i}@example.com`;
    sandbox.org.users.create(
      { profile: { login, email: login, firstName: 'Late', lastName: `N${i}` } },
      { activate: true, at: middle + (i % 3) * DAY },
    );
  }
  const gone = users[100] as User;
  sandbox.org.users.deactivate(gone.id);
  sandbox.org.users.delete(gone.id);
});

async function pages(query: Record<string, string>): Promise<{ ids: string[]; requests: number }> {
  let url: string | undefined = `${sandbox.url}/api/v1/users?${new URLSearchParams(query)}`;
  const ids: string[] = [];
  let requests = 0;
  while (url) {
    const response: Awaited<ReturnType<typeof request>> = await request(url, {
      headers: { authorization: `SSWS ${sandbox.apiToken}` },
    });
    requests += 1;
    expect(response.statusCode).toBe(200);
    ids.push(...((await response.body.json()) as { id: string }[]).map((u) => u.id));
    const links: string[] = ([] as string[]).concat(response.headers.link ?? []);
    url = links.find((l) => l.includes('rel="next"'))?.match(/<([^>]+)>/)?.[1];
  }
  return { ids, requests };
}

/** What a scan of every user finds: those the search selects, by (`created`, id), in the asked order. */
function scanned(search: string, order: 'asc' | 'desc'): string[] {
  const match = parseFilter(search, SEARCH_RULES);
  const sorted = sandbox.org
    .listUsers()
    .filter((u) => match(u))
    .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
  return (order === 'asc' ? sorted : sorted.reverse()).map((u) => u.id);
}

describe('user search sorted on created: the index', () => {
  it('pages exactly what a scan finds, for ranges, orders and extra clauses', async () => {
    const users = sandbox.org.listUsers();
    const at = (n: number) => (users[n] as User).created;
    const searches = [
      'created pr',
      `created ge "${at(200)}" and created lt "${at(500)}"`,
      `created gt "${at(200)}" and created le "${at(500)}"`,
      `created eq "${at(350)}"`,
      `created ge "${at(350)}" and (status lt "DEPROVISIONED" or status gt "DEPROVISIONED")`,
      `created lt "${at(300)}" or created gt "${at(600)}"`,
      // Another precision: whole seconds.
      `created ge "${at(10).slice(0, 19)}Z"`,
      `created ge "${at(650)}" and created lt "${at(640)}"`,
    ];
    for (const search of searches) {
      for (const sortOrder of ['asc', 'desc'] as const) {
        const { ids } = await pages({ search, sortBy: 'created', sortOrder, limit: '37' });
        expect(ids, `${search} ${sortOrder}`).toEqual(scanned(search, sortOrder));
      }
    }
  });

  it('ends a range at its last record: a full last page carries no next link', async () => {
    const users = sandbox.org.listUsers();
    const from = (users[40] as User).created;
    const search = `created ge "${from}" and created lt "${(users[140] as User).created}"`;
    const expected = scanned(search, 'asc');
    const { ids, requests } = await pages({
      search,
      sortBy: 'created',
      sortOrder: 'asc',
      limit: String(expected.length),
    });
    expect(ids).toEqual(expected);
    expect(requests).toBe(1);
  });
});
