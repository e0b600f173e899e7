/**
 * @module Our fields as Zapier input fields: the key is the field's name, with label, help text, type, static choices
 * for enums, required, default and placeholder. A field linked to a data source is a dynamic dropdown (the hidden
 * trigger keyed by the data source, dropdowns.ts) and, where a read action finds that object by id or name, a
 * search-powered field (Zapier offers to add that search step to fill it).
 */
import type { Field } from '../../shared/fields.ts';

/** A Zapier input field (PlainInputFieldSchema), as far as the adapter writes it. */
export interface ZapierField {
  key: string;
  label: string;
  helpText?: string;
  type: 'string' | 'text' | 'integer' | 'number' | 'boolean' | 'datetime' | 'password';
  required: boolean;
  list?: boolean;
  default?: string;
  placeholder?: string;
  choices?: { value: string; label: string; sample: string }[];
  dynamic?: string;
  search?: string;
  dependsOn?: string[];
  altersDynamicFields?: boolean;
}

/** Zapier's limit on helpText. */
const HELP_TEXT_MAX = 1000;

const TYPES: Record<Field['kind'], ZapierField['type']> = {
  string: 'string',
  text: 'text',
  dateTime: 'datetime',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  enum: 'string',
  multiEnum: 'string',
  stringList: 'string',
  // JSON typed as text: inputFromFields parses it and names the field when it does not parse.
  json: 'text',
};

/**
 * `lookups` gives, by data source, the search that finds one of its objects (`lookupUser` for `selectUser`): the
 * field then also offers that search step.
 */
export function zapierFieldOf(field: Field, lookups: Record<string, string> = {}): ZapierField {
  const zapier: ZapierField = {
    key: field.name,
    label: field.title,
    type: field.secret ? 'password' : TYPES[field.kind],
    required: field.required,
  };
  const help = helpTextOf(field);
  if (help) zapier.helpText = help;
  if (field.kind === 'multiEnum' || field.kind === 'stringList') zapier.list = true;
  const fallback = defaultText(field.default);
  if (fallback !== undefined) zapier.default = fallback;
  if (field.placeholder?.trim()) zapier.placeholder = field.placeholder;
  // A field with a data source is its dropdown (Zapier takes choices or dynamic, not both): the source offers what
  // applies (a user's factor types), the enum only what exists.
  if (field.options && !field.dataSource) {
    zapier.choices = field.options.map((option) => ({
      value: option.value,
      label: option.label,
      sample: option.value,
    }));
  }
  if (field.dataSource) {
    // `<trigger>.<id field>.<label field>`: the hidden trigger answers `{ id, name }` records.
    zapier.dynamic = `${field.dataSource}.id.name`;
    const lookup = lookups[field.dataSource];
    // A search fills one value: not offered for a list of ids.
    if (lookup && !zapier.list) zapier.search = `${lookup}.id`;
    if (field.dependsOn?.length) zapier.dependsOn = field.dependsOn;
  }
  return zapier;
}

function helpTextOf(field: Field): string | undefined {
  const parts = [field.description.trim()];
  if (field.kind === 'json') parts.push('Enter JSON.');
  if (field.kind === 'stringList' && !field.dataSource) parts.push('One value per line, or separated by commas.');
  const text = parts.filter(Boolean).join(' ');
  if (!text) return undefined;
  return text.length > HELP_TEXT_MAX ? `${text.slice(0, HELP_TEXT_MAX - 1)}…` : text;
}

/** Zapier's defaults are non-empty strings; a JSON default (an object, a list) is written as JSON. */
function defaultText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === '' || text === '[]' || text === '{}' ? undefined : text;
}
