/**
 * @module Our fields as n8n node parameters (`INodeProperties`).
 *
 * Required fields and fields with a default are parameters of their own; the other optional ones sit in an
 * "Additional Fields" collection (n8n's way: an untouched optional field is not sent at all). Each keeps its input
 * field's name. A field linked to a data source is a `resourceLocator` (a searchable, paged list, or an id) or, for
 * a list of ids, a `multiOptions` filled from the data source.
 */
import type { IDisplayOptions, INodeProperties, INodePropertyOptions, NodeParameterValueType } from 'n8n-workflow';
import type { Field } from '../../shared/fields.ts';

/** The collection holding a unit's optional fields without a default. */
export const ADDITIONAL_FIELDS = 'additionalFields';

/** The loadOptions method of a data source used for a multi-select: the listSearch one has the data source's key. */
export const multiSelectMethod = (dataSource: string) => `${dataSource}All`;

/** Whether a field is its own parameter, not one of the additional fields. */
export function isTopLevel(field: Field): boolean {
  return field.required || field.default !== undefined;
}

/** The parameters of one unit's fields, shown only when `show` holds. */
export function parametersOf(fields: Field[], show: IDisplayOptions['show']): INodeProperties[] {
  const top = fields.filter(isTopLevel).map((field) => ({ ...parameterOf(field, fields), displayOptions: { show } }));
  const optional = fields.filter((field) => !isTopLevel(field));
  if (optional.length === 0) return top;
  return [
    ...top,
    {
      displayName: 'Additional Fields',
      name: ADDITIONAL_FIELDS,
      type: 'collection',
      placeholder: 'Add Field',
      default: {},
      displayOptions: { show },
      options: optional.map((field) => parameterOf(field, fields)),
    },
  ];
}

/** One field as an n8n parameter. */
export function parameterOf(field: Field, siblings: Field[] = []): INodeProperties {
  // The manifest's defaults are JSON values of the field's own type.
  const fallback = field.default as NodeParameterValueType;
  const base = {
    displayName: field.title,
    name: field.name,
    description: field.description,
    required: field.required,
    ...(field.placeholder !== undefined ? { placeholder: field.placeholder } : {}),
  };
  if (field.dataSource) {
    const dependsOn = (field.dependsOn ?? []).map((parent) => parameterPath(parent, siblings));
    if (field.kind === 'string') {
      return {
        ...base,
        type: 'resourceLocator',
        default: { mode: 'list', value: '' },
        modes: [
          {
            displayName: 'From List',
            name: 'list',
            type: 'list',
            typeOptions: { searchListMethod: field.dataSource, searchable: true },
          },
          { displayName: 'By ID', name: 'id', type: 'string', placeholder: field.placeholder ?? 'An Okta id' },
        ],
        ...(dependsOn.length ? { typeOptions: { loadOptionsDependsOn: dependsOn } } : {}),
      };
    }
    return {
      ...base,
      type: field.kind === 'enum' ? 'options' : 'multiOptions',
      default: field.kind === 'enum' ? (fallback ?? '') : (fallback ?? []),
      typeOptions: {
        loadOptionsMethod: multiSelectMethod(field.dataSource),
        ...(dependsOn.length ? { loadOptionsDependsOn: dependsOn } : {}),
      },
    };
  }
  switch (field.kind) {
    case 'string':
    case 'text':
      return {
        ...base,
        type: 'string',
        default: fallback ?? '',
        ...(field.secret ? { typeOptions: { password: true } } : {}),
        ...(field.kind === 'text' ? { typeOptions: { rows: 4 } } : {}),
      };
    case 'dateTime':
      return { ...base, type: 'dateTime', default: fallback ?? '' };
    case 'integer':
    case 'number':
      return {
        ...base,
        type: 'number',
        default: (field.default as number | undefined) ?? field.minimum ?? 0,
        typeOptions: {
          ...(field.minimum !== undefined ? { minValue: field.minimum } : {}),
          ...(field.maximum !== undefined ? { maxValue: field.maximum } : {}),
          ...(field.kind === 'integer' ? { numberPrecision: 0 } : {}),
        },
      };
    case 'boolean':
      return { ...base, type: 'boolean', default: fallback ?? false };
    case 'enum':
      return {
        ...base,
        type: 'options',
        default: fallback ?? field.options?.[0]?.value ?? '',
        options: choices(field),
      };
    case 'multiEnum':
      return { ...base, type: 'multiOptions', default: fallback ?? [], options: choices(field) };
    case 'stringList':
      return {
        ...base,
        type: 'string',
        default: Array.isArray(field.default) ? field.default.join(', ') : '',
        hint: 'Several values: separate them with commas or line breaks.',
      };
    case 'json':
      return {
        ...base,
        type: 'json',
        default: field.default === undefined ? '' : JSON.stringify(field.default, null, 2),
      };
  }
}

function choices(field: Field): INodePropertyOptions[] {
  return (field.options ?? []).map((option) => ({ name: option.label, value: option.value }));
}

/** Where n8n keeps a sibling field's value: its own parameter, or inside the additional fields. */
export function parameterPath(name: string, siblings: Field[]): string {
  const sibling = siblings.find((field) => field.name === name);
  return !sibling || isTopLevel(sibling) ? name : `${ADDITIONAL_FIELDS}.${name}`;
}
