/**
 * @module RFC 8288 `Link` header parsing. Okta sends one header per relation (docs/okta.md §2.1), but proxies and
 * fetch implementations merge duplicates into one comma-separated value, so both forms are accepted. URLs may
 * themselves contain commas, which is why this splits on `<…>` tokens rather than on commas.
 */

export type Links = Partial<Record<string, string>>;

const LINK = /<([^>]*)>\s*((?:;\s*[^;,<]*)*)/g;
const REL = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i;

/** A response without a `Link` header (most of them: a single record) shares this one, parsing nothing (issue 27). */
const NO_LINKS: Links = Object.freeze({});

export function parseLinkHeader(header: string | string[] | undefined): Links {
  if (!header) return NO_LINKS;
  const links: Links = {};
  for (const value of Array.isArray(header) ? header : [header]) {
    for (const match of value.matchAll(LINK)) {
      const rel = REL.exec(match[2] ?? '');
      const names = (rel?.[1] ?? rel?.[2] ?? '').split(/\s+/).filter(Boolean);
      // The first link with a given relation wins, as RFC 8288 leaves duplicates to the application.
      for (const name of names) links[name.toLowerCase()] ??= match[1];
    }
  }
  return links;
}
