/**
 * A short, non-reversible tag for a secret (FNV-1a), to tell credentials apart — e.g. for rate-limit sharing —
 * without keeping the secret itself in a map key or a log line.
 */
export function fingerprint(secret: string): string {
  let hash = 2166136261;
  for (let i = 0; i < secret.length; i++) hash = Math.imul(hash ^ secret.charCodeAt(i), 16777619);
  return (hash >>> 0).toString(36);
}
