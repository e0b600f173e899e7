/**
 * @module Our fields as Activepieces props, one per top-level input field under its name: text, number, checkbox,
 * static dropdowns for enums, JSON or Array for structured fields, and a searchable `Property.Dropdown` (answered by
 * `listOptions`, refreshed when its parent field changes) for a field filled from a data source.
 */
import { Property } from '@activepieces/pieces-framework';
import type { Field } from '../../shared/fields.ts';
import { oktaAuth, withRuntime } from './glue.ts';

/** Options a dropdown reads without a search (a picker, not an export): the search narrows the rest in Okta. */
const DROPDOWN_MAX = 500;

/** Prop names of the piece's own, which no input field may take. */
const RESERVED = ['auth'];

// biome-ignore lint/suspicious/noExplicitAny: one of the framework's many property types
type Prop = any;

export function propsOf(unitKey: string, fields: Field[]): Record<string, Prop> {
  const props: Record<string, Prop> = {};
  for (const field of fields) {
    if (RESERVED.includes(field.name))
      throw new Error(`${unitKey}: field "${field.name}" is a name Activepieces keeps.`);
    props[field.name] = propOf(field);
  }
  return props;
}

function propOf(field: Field): Prop {
  // Typed loosely: each Property.* types its own defaultValue, which comes from the schema here.
  const base: Prop = {
    displayName: field.title,
    description: describe(field),
    required: field.required,
    ...(field.default !== undefined && !field.dataSource ? { defaultValue: field.default } : {}),
  };
  if (field.dataSource) return dropdownOf(field, base);
  switch (field.kind) {
    case 'text':
      return Property.LongText(base);
    case 'dateTime':
      return Property.DateTime(base);
    case 'number':
    case 'integer':
      return Property.Number(base);
    case 'boolean':
      return Property.Checkbox(base);
    case 'enum':
      return Property.StaticDropdown({ ...base, options: { options: optionsOf(field) } });
    case 'multiEnum':
      return Property.StaticMultiSelectDropdown({ ...base, options: { options: optionsOf(field) } });
    case 'stringList':
      return Property.Array(base);
    case 'json':
      return Property.Json(base);
    default:
      return Property.ShortText(base);
  }
}

function describe(field: Field): string {
  const example = field.placeholder ? ` Example: ${field.placeholder}` : '';
  return `${field.description}${example}`.trim();
}

function optionsOf(field: Field): { label: string; value: string }[] {
  return (field.options ?? []).map((option) => ({ label: option.label, value: option.value }));
}

/** A picker: options searched in Okta as the user types, read again when a parent field changes. */
function dropdownOf(field: Field, base: Prop): Prop {
  const source = field.dataSource as string;
  const parents = field.dependsOn ?? [];
  const request = {
    ...base,
    auth: oktaAuth,
    refreshers: parents,
    refreshOnSearch: true,
    options: async (values: Record<string, unknown>, context: { searchValue?: string }) =>
      dropdownOptions(source, parents, values, context.searchValue),
  };
  return field.kind === 'stringList' ? Property.MultiSelectDropdown(request) : Property.Dropdown(request);
}

export async function dropdownOptions(
  source: string,
  parents: string[],
  values: Record<string, unknown>,
  searchValue?: string,
): Promise<{ disabled?: boolean; placeholder?: string; options: { label: string; value: string }[] }> {
  if (!values.auth) return { disabled: true, placeholder: 'Connect your Okta org first.', options: [] };
  // A parent is an id (or a type name) picked in its own field: passed as it is, the runtime validates it.
  const input = Object.fromEntries(
    parents
      .map((parent) => [parent, values[parent]])
      .filter(([, value]) => value !== undefined && value !== null && value !== ''),
  );
  const missing = parents.filter((parent) => input[parent] === undefined);
  if (missing.length > 0) return { disabled: true, placeholder: `Choose ${missing.join(', ')} first.`, options: [] };
  const search = searchValue?.trim();
  const options = await withRuntime(values.auth, async (runtime, connection) => {
    const found: { label: string; value: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await runtime.listOptions(source, {
        connection,
        input,
        ...(search ? { search } : {}),
        ...(cursor ? { cursor } : {}),
      });
      found.push(...page.options.map((option) => ({ label: option.label, value: option.value })));
      cursor = page.nextCursor;
    } while (cursor && found.length < DROPDOWN_MAX);
    return { found, more: Boolean(cursor) };
  });
  return {
    options: options.found,
    ...(options.more ? { placeholder: 'Type to search: more are in Okta than listed.' } : {}),
  };
}
