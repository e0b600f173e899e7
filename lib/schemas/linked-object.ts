/** @module Linked-object values as Okta returns them. */
/**
 * Linked-object values come back as links to the other users, `[{ _links: { self: { href: …/users/{id} } } }]`
 * (spec listLinkedObjectsForUser): the ids are the last segment of each link.
 */
export function linkedUserIds(data: unknown): string[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((value) => {
    const href = (value as { _links?: { self?: { href?: unknown } } })?._links?.self?.href;
    if (typeof href !== 'string') return [];
    const id = decodeURIComponent(new URL(href, 'https://placeholder.invalid').pathname.split('/').pop() ?? '');
    return id ? [id] : [];
  });
}
