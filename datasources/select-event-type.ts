import { z } from 'zod';
import catalogue from '../lib/data/event-types.json' with { type: 'json' };
import { defineDataSource } from '../lib/define.ts';
import { ValidationError } from '../lib/errors.ts';

const PAGE_SIZE = 50;
/** Okta's event-hook-eligible types, from the committed catalogue: no call to Okta (docs/okta.md §8.2). */
const ELIGIBLE = catalogue.eventTypes.filter((type) => type.eventHookEligible);

export default defineDataSource({
  key: 'selectEventType',
  label: 'Select Event Type',
  description: 'The event types Okta delivers by event hook, searched offline by name and description.',
  scopes: [],
  dependsOn: [],
  input: z.object({}),
  async list({ search, cursor }) {
    const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matches = ELIGIBLE.filter((type) => {
      const text = `${type.id} ${type.description}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
    const offset = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isInteger(offset) || offset < 0) {
      throw new ValidationError('The cursor is not one this picklist gave.', [{ path: 'cursor', message: 'Invalid' }]);
    }
    const page = matches.slice(offset, offset + PAGE_SIZE);
    return {
      options: page.map((type) => ({
        value: type.id,
        label: type.id,
        description: `${type.beta ? '(beta) ' : ''}${type.description}`.slice(0, 300),
      })),
      nextCursor: offset + PAGE_SIZE < matches.length ? String(offset + PAGE_SIZE) : undefined,
    };
  },
});
