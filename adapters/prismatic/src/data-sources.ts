/**
 * @module One Prismatic picklist data source per manifest data source, keyed by its key and answered by our
 * `listOptions`: an optional `search` input sent to Okta (Prismatic gives a data source no search box of its own,
 * so it is an input the flow builder fills), the data source's own inputs (a user's factors need the user), and
 * `connection`. Prismatic's picklists have no pages: the pages are read up to MAX_OPTIONS; past that, search.
 */
import {
  type ConfigVarResultCollection,
  type DataSourceDefinition,
  dataSource,
  type Element,
  type Inputs,
} from '@prismatic-io/spectral';
import { catalogue, type ManifestDataSource, unitFields } from '../../shared/catalogue.ts';
import { inputFromParams, inputsOf } from './inputs.ts';
import { step } from './step.ts';

/** The options one picklist shows at most (Okta's pages are read until then). */
export const MAX_OPTIONS = 1000;

export const SEARCH_INPUT = 'search';

type Picklist = DataSourceDefinition<Inputs, ConfigVarResultCollection, 'picklist'>;

function dataSourceOf(unit: ManifestDataSource): Picklist {
  const fields = unitFields(unit);
  const inputs: Inputs = {
    ...inputsOf(fields),
    [SEARCH_INPUT]: {
      label: 'Search',
      type: 'string',
      required: false,
      comments: 'Part of the name to look for, sent to Okta; empty lists the first options.',
    },
  };
  return dataSource<Inputs, ConfigVarResultCollection, 'picklist'>({
    display: { label: unit.label, description: unit.description },
    dataSourceType: 'picklist',
    inputs,
    perform: (_context, params: Record<string, unknown>) =>
      step(params, async (connection, runtime) => {
        const { [SEARCH_INPUT]: search, ...values } = params;
        const input = inputFromParams(fields, values);
        const result: Element[] = [];
        let cursor: string | undefined;
        do {
          const page = await runtime.listOptions(unit.key, {
            connection,
            input,
            ...(typeof search === 'string' && search.trim() ? { search } : {}),
            ...(cursor ? { cursor } : {}),
          });
          result.push(...page.options.map((option) => ({ key: option.value, label: option.label })));
          cursor = page.nextCursor;
        } while (cursor && result.length < MAX_OPTIONS);
        return { result: result.slice(0, MAX_OPTIONS) };
      }),
  });
}

export function dataSources(): Record<string, Picklist> {
  return Object.fromEntries(catalogue().dataSources.map((unit) => [unit.key, dataSourceOf(unit)]));
}
