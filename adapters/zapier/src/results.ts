/**
 * @module Our outputs as Zapier results: a create gives one object, a search a list (Zapier uses the first).
 */

/** What a record needs to be a Zapier result: an object (a bare value is `{ result }`). */
export function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { result: value };
}

/**
 * A search's results, as Zapier wants them (a list; the first is used): a list action's `items`; a lookup's object
 * when `found`, none when not; any other output as one result.
 */
export function searchResults(output: unknown): Record<string, unknown>[] {
  if (Array.isArray(output)) return output.map(asObject);
  const object = asObject(output);
  if (Array.isArray(object.items)) return object.items.map(asObject);
  if (typeof object.found === 'boolean') {
    if (!object.found) return [];
    const [found] = Object.entries(object).filter(
      ([name, value]) => name !== 'found' && value && typeof value === 'object',
    );
    return found ? [asObject(found[1])] : [object];
  }
  return [object];
}
