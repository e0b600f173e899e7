/**
 * @module Our fields as Prismatic inputs, and Prismatic's values back as our input.
 *
 * Each input keeps its field's name. Prismatic has no number input: numbers are typed as text and read back by
 * `inputFromFields`; objects are JSON code inputs; lists are value lists; enums are picklists (`model`); a field
 * filled from one of our data sources names it (`dataSource`), so Prismatic shows that picker beside it.
 */
import type { ConnectionInput, InputFieldDefinition } from '@prismatic-io/spectral';
import { type Field, inputFromFields } from '../../shared/fields.ts';

/** Every action, trigger and data source takes the connection as its `connection` input. */
export const CONNECTION_INPUT = 'connection';

export const connectionInput: InputFieldDefinition = {
  label: 'Connection',
  type: 'connection',
  required: true,
  comments: 'The Okta org and the credential to call it with.',
};

/** One field as a Prismatic input. */
export function inputOf(field: Field): InputFieldDefinition {
  const base = {
    label: field.title,
    comments: commentsOf(field),
    required: field.required,
    ...(field.placeholder !== undefined ? { placeholder: field.placeholder, example: field.placeholder } : {}),
    ...(field.dataSource ? { dataSource: field.dataSource } : {}),
  };
  const model = field.options?.map((option) => ({ label: option.label, value: option.value }));
  switch (field.kind) {
    case 'json':
      return { ...base, type: 'code', language: 'json', ...textDefault(field) };
    case 'multiEnum':
    case 'stringList':
      return {
        ...base,
        type: 'string',
        collection: 'valuelist',
        ...(model ? { model } : {}),
        ...(Array.isArray(field.default) ? { default: field.default.map(String) } : {}),
      };
    case 'boolean':
      return { ...base, type: 'boolean', ...textDefault(field) };
    case 'text':
      return { ...base, type: 'text', ...textDefault(field) };
    default:
      if (field.secret) return { ...base, type: 'password', ...textDefault(field) };
      return { ...base, type: 'string', ...(model ? { model } : {}), ...textDefault(field) };
  }
}

/** A connection's field as a Prismatic connection input (text, password or boolean only). */
export function connectionFieldInput(field: Field): ConnectionInput {
  const base = { label: field.title, comments: field.description, required: field.required };
  const placeholder = field.placeholder !== undefined ? { placeholder: field.placeholder } : {};
  if (field.secret) return { ...base, type: 'password' };
  if (field.kind === 'boolean') return { ...base, type: 'boolean', ...textDefault(field) };
  return { ...base, type: 'string', ...placeholder, ...textDefault(field) };
}

/** The manifest's defaults are JSON values of the field's type; Prismatic's single-value inputs take text. */
function textDefault(field: Field): { default?: string } {
  if (field.default === undefined || field.default === null) return {};
  if (typeof field.default === 'string') return { default: field.default };
  if (field.kind === 'json') return { default: JSON.stringify(field.default, null, 2) };
  return { default: String(field.default) };
}

function commentsOf(field: Field): string {
  const notes = [field.description];
  if (field.kind === 'integer' || field.kind === 'number') {
    const range = [
      field.minimum !== undefined ? `at least ${field.minimum}` : '',
      field.maximum !== undefined ? `at most ${field.maximum}` : '',
    ].filter(Boolean);
    notes.push(
      `A ${field.kind === 'integer' ? 'whole number' : 'number'}${range.length ? `, ${range.join(' and ')}` : ''}.`,
    );
  }
  if (field.kind === 'dateTime') notes.push('An ISO 8601 date-time, e.g. 2026-01-31T09:00:00Z.');
  if (field.kind === 'json') notes.push('JSON.');
  return notes.filter(Boolean).join(' ');
}

/** The inputs of a unit: one per field, and the connection. */
export function inputsOf(fields: Field[]): Record<string, InputFieldDefinition> {
  return {
    [CONNECTION_INPUT]: connectionInput,
    ...Object.fromEntries(fields.map((field) => [field.name, inputOf(field)])),
  };
}

/** Our input from a unit's Prismatic params (the connection left out). */
export function inputFromParams(fields: Field[], params: Record<string, unknown>): Record<string, unknown> {
  const { [CONNECTION_INPUT]: _connection, ...values } = params;
  return inputFromFields(fields, values);
}
