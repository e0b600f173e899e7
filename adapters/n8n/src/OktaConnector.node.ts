/**
 * @module Node `oktaConnector`: every action of the manifest, by area (resource) and key (operation), run through
 * our runtime; every data source as a searchable, paged picker.
 */
import type {
  IDataObject,
  IExecuteFunctions,
  ILoadOptionsFunctions,
  INodeExecutionData,
  INodeListSearchResult,
  INodeProperties,
  INodePropertyOptions,
  INodeType,
  INodeTypeDescription,
} from 'n8n-workflow';
import type { Option } from '../../../lib/define.ts';
import { catalogue, type ManifestAction, unitFields } from '../../shared/catalogue.ts';
import { builderError } from '../../shared/errors.ts';
import { type Field, inputFromFields } from '../../shared/fields.ts';
import {
  authenticationProperty,
  credentialTests,
  locatorValue,
  nodeCredentials,
  nodeError,
  sharedRuntime,
  valuesOf,
  withConnection,
} from './glue.ts';
import { ADDITIONAL_FIELDS, multiSelectMethod, parametersOf } from './properties.ts';

/** Parameters of the node's own, which no input field may be named (checked when the node loads). */
const OWN_PARAMETERS = ['authentication', 'resource', 'operation', 'returnAll', ADDITIONAL_FIELDS];

/** Return All streams every record: these fields (one page's cap, the fetchAll switch) do not apply then. */
const NOT_WITH_RETURN_ALL = ['fetchAll', 'maxRecords'];

/** Options a multi-select reads from a data source: pages until this many (a picker of ids, not an export). */
const MULTI_SELECT_MAX = 2_000;

interface ActionEntry {
  action: ManifestAction;
  fields: Field[];
}

let actionsByKey: Map<string, ActionEntry> | undefined;
function actionEntries(): Map<string, ActionEntry> {
  actionsByKey ??= new Map(
    catalogue().actions.map((action) => {
      const fields = unitFields(action);
      const clash = fields.find((field) => OWN_PARAMETERS.includes(field.name));
      if (clash) throw new Error(`Action ${action.key}: field "${clash.name}" is a parameter of the n8n node.`);
      return [action.key, { action, fields }];
    }),
  );
  return actionsByKey;
}

function properties(): INodeProperties[] {
  const { areas } = catalogue();
  const entries = actionEntries();
  const list: INodeProperties[] = [
    authenticationProperty,
    {
      displayName: 'Resource',
      name: 'resource',
      type: 'options',
      noDataExpression: true,
      options: areas.map(({ area, label }) => ({ name: label, value: area })),
      default: areas[0]?.area ?? '',
    },
  ];
  for (const { area, actions } of areas) {
    list.push({
      displayName: 'Operation',
      name: 'operation',
      type: 'options',
      noDataExpression: true,
      displayOptions: { show: { resource: [area] } },
      options: actions.map((action) => ({
        name: action.label,
        value: action.key,
        description: action.description,
        action: action.label,
      })),
      default: actions[0]?.key ?? '',
    });
    for (const action of actions) {
      const show = { resource: [area], operation: [action.key] };
      if (action.streamable) {
        list.push({
          displayName: 'Return All',
          name: 'returnAll',
          type: 'boolean',
          default: false,
          description:
            'Whether to return every record, read page by page as they arrive (Fetch All Pages and Max Records do ' +
            'not apply); otherwise one page, or up to Max Records with Fetch All Pages',
          displayOptions: { show },
        });
      }
      list.push(...parametersOf(entries.get(action.key)?.fields ?? [], show));
    }
  }
  return list;
}

/** A data source's inputs from the node's current parameters (a dependent picker reads its parent field). */
function dataSourceInput(context: ILoadOptionsFunctions, dataSource: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const parent of catalogue().dependsOn[dataSource] ?? []) {
    const value =
      locatorValue(context.getCurrentNodeParameter(parent)) ??
      locatorValue(context.getCurrentNodeParameter(`${ADDITIONAL_FIELDS}.${parent}`));
    if (value !== undefined && value !== '') input[parent] = value;
  }
  return input;
}

const asResult = (option: Option) => ({
  name: option.label,
  value: option.value,
  ...(option.description ? { description: option.description } : {}),
});

/** `listSearch[<dataSource>]`: one page of options, searched on Okta; n8n passes the cursor back for the next. */
const listSearch = Object.fromEntries(
  catalogue().dataSources.map((source) => [
    source.key,
    async function (
      this: ILoadOptionsFunctions,
      filter?: string,
      paginationToken?: string,
    ): Promise<INodeListSearchResult> {
      try {
        const runtime = await sharedRuntime();
        const page = await withConnection(this, (connection) =>
          runtime.listOptions(source.key, {
            connection,
            input: dataSourceInput(this, source.key),
            ...(filter ? { search: filter } : {}),
            ...(paginationToken ? { cursor: paginationToken } : {}),
          }),
        );
        return {
          results: page.options.map(asResult),
          ...(page.nextCursor ? { paginationToken: page.nextCursor } : {}),
        };
      } catch (error) {
        throw nodeError(this, error);
      }
    },
  ]),
);

/** `loadOptions[<dataSource>All]`: the options of a multi-select, every page up to MULTI_SELECT_MAX. */
const loadOptions = Object.fromEntries(
  catalogue().dataSources.map((source) => [
    multiSelectMethod(source.key),
    async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
      try {
        const runtime = await sharedRuntime();
        const input = dataSourceInput(this, source.key);
        const options: INodePropertyOptions[] = [];
        let cursor: string | undefined;
        do {
          const page = await withConnection(this, (connection) =>
            runtime.listOptions(source.key, { connection, input, ...(cursor ? { cursor } : {}) }),
          );
          options.push(...page.options.map(asResult));
          cursor = page.nextCursor;
        } while (cursor && options.length < MULTI_SELECT_MAX);
        return options;
      } catch (error) {
        throw nodeError(this, error);
      }
    },
  ]),
);

/** An action's output as items: a list action's records one per item, anything else one item. */
function outputItems(entry: ActionEntry, output: unknown, item: number): INodeExecutionData[] {
  if (entry.action.streamable && Array.isArray((output as { items?: unknown })?.items)) {
    return (output as { items: unknown[] }).items.map((record) => ({
      json: record as IDataObject,
      pairedItem: { item },
    }));
  }
  const json = output !== null && typeof output === 'object' && !Array.isArray(output) ? output : { result: output };
  return [{ json: json as IDataObject, pairedItem: { item } }];
}

export class OktaConnector implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Okta Connector',
    name: 'oktaConnector',
    icon: 'file:okta.svg',
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"]}}',
    description: 'Every Okta action of the Okta connector: users, groups, apps, factors, rules, imports and more',
    defaults: { name: 'Okta Connector' },
    inputs: ['main'],
    outputs: ['main'],
    usableAsTool: true,
    credentials: nodeCredentials,
    properties: properties(),
  };

  methods = { listSearch, loadOptions, credentialTest: credentialTests };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const out: INodeExecutionData[] = [];
    const runtime = await sharedRuntime();
    const signal = this.getExecutionCancelSignal?.();
    for (let item = 0; item < items.length; item++) {
      try {
        const key = this.getNodeParameter('operation', item) as string;
        const entry = actionEntries().get(key);
        if (!entry) throw new Error(`There is no action "${key}" in this version of the package.`);
        const read = (name: string, fallback: unknown) => this.getNodeParameter(name, item, fallback);
        const input = inputFromFields(entry.fields, valuesOf(read, entry.fields));
        const options = { input, ...(signal ? { signal } : {}) };
        if (entry.action.streamable && this.getNodeParameter('returnAll', item, false)) {
          for (const name of NOT_WITH_RETURN_ALL) delete input[name];
          const records: INodeExecutionData[] = [];
          // Run again with a renewed token only from the start: the records read before it are dropped.
          await withConnection(this, async (connection) => {
            records.length = 0;
            for await (const record of runtime.streamAction(key, { ...options, connection })) {
              records.push({ json: record as IDataObject, pairedItem: { item } });
            }
          });
          out.push(...records);
        } else {
          const output = await withConnection(this, (connection) => runtime.runAction(key, { ...options, connection }));
          out.push(...outputItems(entry, output, item));
        }
      } catch (error) {
        if (this.continueOnFail()) {
          out.push({ json: { error: builderError(error) as unknown as IDataObject }, pairedItem: { item } });
          continue;
        }
        throw nodeError(this, error, item);
      }
    }
    return [out];
  }
}
