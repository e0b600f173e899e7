/**
 * @module Issue 10's picker measure: what one `selectUser` call costs on a 100,000-user org, in requests and
 * milliseconds, against the fetch-everything approach peers take (docs/peers.md: list the whole directory,
 * then filter in the client), here with Okta's own SDK paging 200 users at a time.
 */
import okta from '@okta/okta-sdk-nodejs';
import { createConnector } from '../../connector.ts';
import { type RunningSandbox, startSandbox } from '../../sandbox/index.ts';
import type { Contestant, Figure, Measure } from './harness.ts';

/** Searches a person would type: the start of a first name, a last name, a login. */
const SEARCHES = ['grace', 'lovelace', 'alan.tur', 'mei'];

export function pickerSearch(users: number): Measure {
  let sandbox: RunningSandbox | undefined;
  const get = () => sandbox as RunningSandbox;
  return {
    key: `picker-${users}`,
    title: `selectUser search on ${users.toLocaleString('en')} users: ms per picker call`,
    unit: 'ms/call',
    better: 'lower',
    async setup() {
      sandbox = await startSandbox({ users, seed: 4, rateLimits: { enabled: false } });
    },
    async teardown() {
      await sandbox?.close();
      sandbox = undefined;
    },
    contestants(): Contestant[] {
      const { connection, url, apiToken, stats } = get();
      const connector = createConnector();
      const sdk = new okta.Client({ orgUrl: url, token: apiToken, cacheMiddleware: null });
      /** Every search once; the figure is per call, with the requests each call sent and the options it found. */
      const perCall = async (call: (search: string) => Promise<number>): Promise<Figure> => {
        stats.reset();
        let options = 0;
        const started = performance.now();
        for (const search of SEARCHES) options += await call(search);
        const ms = performance.now() - started;
        return {
          value: ms / SEARCHES.length,
          extra: { 'requests/call': stats.requests / SEARCHES.length, 'options/call': options / SEARCHES.length },
        };
      };
      return [
        {
          name: 'okta-connector selectUser',
          role: 'ours',
          run: () =>
            perCall(async (search) => {
              const { options } = await connector.listOptions('selectUser', { connection, search });
              return options.length;
            }),
        },
        {
          name: 'fetch everything (SDK listUsers, filter locally)',
          role: 'peer',
          run: () =>
            perCall(async (search) => {
              const needle = search.toLowerCase();
              let found = 0;
              for await (const user of await sdk.userApi.listUsers({ limit: 200 })) {
                const { firstName, lastName, login, email } = user?.profile ?? {};
                if ([firstName, lastName, login, email].some((v) => v?.toLowerCase().startsWith(needle))) found += 1;
              }
              return Math.min(found, 50);
            }),
        },
      ];
    },
  };
}
