/**
 * The secret scan (issue 13), as vitest's global setup: before the suite, a directory for the workers' taps
 * (`secret-scan-setup.ts`); after it, every line they captured — log lines, printed errors, serialised errors, the
 * host's answers — and the manifest are searched for the secrets learned on the wire and for generic shapes of
 * credentials. One found fails the run, naming where it was seen (never the secret itself).
 *
 * OKTA_CONNECTOR_SECRET_SCAN=off skips it (e.g. while debugging with secrets printed on purpose).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a credential looks like, whoever's it is. */
export const SECRET_SHAPES: { name: string; pattern: RegExp }[] = [
  { name: 'a PEM private key', pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  { name: 'the private part of a JWK ("d")', pattern: /"d"\s*:\s*"[A-Za-z0-9_-]{20,}"/ },
  // A signed JWT: an access token, a client assertion, a DPoP proof. Its header and payload are JSON objects.
  { name: 'a signed JWT', pattern: /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/ },
  { name: 'an SSWS API token', pattern: /SSWS\s+00[A-Za-z0-9_-]{20,}/ },
  {
    name: 'a credential field with a value',
    pattern:
      /"(?:access_token|refresh_token|client_secret|client_assertion|apiToken|privateKey)"\s*:\s*"(?!\[REDACTED\])[^"]{8,}"/,
  },
];

export interface Finding {
  where: string;
  what: string;
}

/**
 * Whether a value seen on the wire can be a credential worth looking for. Short values and runs of a few characters
 * (`'x'.repeat(20)`) are test placeholders: a run of x's is also in every padded record a test sends, so looking for
 * it failed CI whenever two such tests shared a worker. Okta's tokens hold dozens of distinct characters.
 */
export function isCredentialLike(value: string): boolean {
  return value.length >= 16 && new Set(value).size >= 8;
}

const PREFIX = 16;

/**
 * The secrets found in a text, by a map of each secret's first 16 characters: one lookup per position of the text,
 * however many secrets were learnt. A suite learns thousands (every DPoP proof is new) and captures megabytes: a
 * search for each secret in each record took minutes of CI's teardown.
 */
function secretMatcher(secrets: readonly string[]): (text: string) => string[] {
  const byPrefix = new Map<string, string[]>();
  for (const secret of secrets) {
    if (!isCredentialLike(secret)) continue;
    const prefix = secret.slice(0, PREFIX);
    const list = byPrefix.get(prefix);
    if (list) list.push(secret);
    else byPrefix.set(prefix, [secret]);
  }
  return (text) => {
    const found = new Set<string>();
    if (byPrefix.size === 0) return [];
    for (let i = 0; i + PREFIX <= text.length; i++) {
      const candidates = byPrefix.get(text.slice(i, i + PREFIX));
      if (!candidates) continue;
      for (const secret of candidates) if (text.startsWith(secret, i)) found.add(secret);
    }
    return [...found];
  };
}

function findWith(text: string, where: string, matchSecrets: (text: string) => string[]): Finding[] {
  const findings: Finding[] = [];
  for (const { name, pattern } of SECRET_SHAPES) if (pattern.test(text)) findings.push({ where, what: name });
  for (const secret of matchSecrets(text)) {
    findings.push({ where, what: `a credential sent on the wire (${secret.slice(0, 4)}…)` });
  }
  return findings;
}

/** The secrets and shapes found in `text`, each named with where it was seen; the secret itself is never repeated. */
export function findSecrets(text: string, where: string, secrets: readonly string[]): Finding[] {
  return findWith(text, where, secretMatcher(secrets));
}

/** Splits a capture file into its records (`\0where\ntext`) and scans each. */
export function scanCapture(capture: string, secrets: readonly string[]): Finding[] {
  const matchSecrets = secretMatcher(secrets);
  return capture
    .split('\u0000')
    .filter(Boolean)
    .flatMap((entry) => {
      const newline = entry.indexOf('\n');
      return findWith(entry.slice(newline + 1), entry.slice(0, newline), matchSecrets);
    });
}

export default function setup(): (() => void) | undefined {
  if (process.env.OKTA_CONNECTOR_SECRET_SCAN === 'off') return undefined;
  const directory = mkdtempSync(join(tmpdir(), 'okta-connector-secret-scan-'));
  // Read by the workers, which inherit the environment.
  process.env.OKTA_CONNECTOR_SECRET_SCAN_DIR = directory;
  return () => {
    try {
      const files = readdirSync(directory);
      const secrets = [
        ...new Set(
          files
            .filter((f) => f.startsWith('secrets-'))
            .flatMap((f) => readFileSync(join(directory, f), 'utf8').split('\n'))
            .filter(Boolean),
        ),
      ];
      const captures = files.filter((f) => f.startsWith('captured-'));
      const findings = [
        ...findSecrets(readFileSync('connector.manifest.json', 'utf8'), 'connector.manifest.json', secrets),
        ...captures.flatMap((f) => scanCapture(readFileSync(join(directory, f), 'utf8'), secrets)),
      ];
      const bytes = captures.reduce((n, f) => n + readFileSync(join(directory, f)).length, 0);
      if (findings.length) {
        const lines = [...new Set(findings.map((f) => `  ${f.what} in ${f.where}`))].slice(0, 50);
        // vitest reports an error thrown at teardown without failing the run: the exit code does.
        process.exitCode = 1;
        throw new Error(`The secret scan found credentials in the suite's output:\n${lines.join('\n')}`);
      }
      console.info(
        `secret scan: ${secrets.length} credentials seen on the wire, ${Math.round(bytes / 1024)} KiB of logs, ` +
          'errors and host answers scanned, none leaked',
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
      delete process.env.OKTA_CONNECTOR_SECRET_SCAN_DIR;
    }
  };
}
