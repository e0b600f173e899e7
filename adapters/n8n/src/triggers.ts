/**
 * @module What the two trigger nodes share: the `event` parameter, each event's fields, and its input.
 */
import type { INodeProperties } from 'n8n-workflow';
import { type TriggerUnit, triggerUnitFields } from '../../shared/catalogue.ts';
import { type Field, inputFromFields } from '../../shared/fields.ts';
import { type ParameterReader, valuesOf } from './glue.ts';
import { parametersOf } from './properties.ts';

export interface EventEntry {
  unit: TriggerUnit;
  fields: Field[];
}

export function eventEntries(units: TriggerUnit[]): Map<string, EventEntry> {
  return new Map(units.map((unit) => [unit.key, { unit, fields: triggerUnitFields(unit) }]));
}

/** `event` (one option per trigger unit) and the fields of each event, shown only for it. */
export function eventProperties(entries: Map<string, EventEntry>): INodeProperties[] {
  const list: INodeProperties[] = [
    {
      displayName: 'Event',
      name: 'event',
      type: 'options',
      noDataExpression: true,
      options: [...entries.values()].map(({ unit }) => ({
        name: unit.trigger.label,
        value: unit.key,
        description: unit.trigger.description,
      })),
      default: entries.keys().next().value ?? '',
    },
  ];
  for (const [key, { fields }] of entries) list.push(...parametersOf(fields, { event: [key] }));
  return list;
}

/** The chosen event and our input for it. */
export function eventInput(
  read: ParameterReader,
  entries: Map<string, EventEntry>,
): { entry: EventEntry; input: Record<string, unknown> } {
  const key = read('event', undefined) as string;
  const entry = entries.get(key);
  if (!entry) throw new Error(`There is no event "${key}" in this version of the package.`);
  const input = { ...inputFromFields(entry.fields, valuesOf(read, entry.fields)), ...entry.unit.fixedInput };
  return { entry, input };
}
