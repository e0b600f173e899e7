/** @module Building blocks for Okta's SCIM-style `search` and `filter` expressions (docs/okta.md §2.3). */

/** A string literal for a filter: double-quoted, with `\` and `"` escaped. */
export function scimString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `a sw "x" or b sw "x"`: a starts-with match on any of the attributes. */
export function startsWithAny(attributes: string[], value: string): string {
  const literal = scimString(value);
  return attributes.map((attribute) => `${attribute} sw ${literal}`).join(' or ');
}
