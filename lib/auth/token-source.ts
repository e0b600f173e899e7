/**
 * @module Keeps one access token, renews it shortly before it expires, and renews it once however many requests
 * ask at the same time. Okta's SDK renews only after a 401 (docs/okta.md §1.5); renewing early spares a failed call.
 */
import { randomUUID } from 'node:crypto';
import type { StateStore } from '../store/types.ts';
import type { TokenResponse } from './token-endpoint.ts';

/** Renew this long before expiry, so a token never expires on its way to Okta. */
export const EARLY_RENEWAL_MS = 60_000;

export interface Token {
  value: string;
  /** `Bearer` or `DPoP`, as the token endpoint answered (docs/okta.md §5.3: branch on token_type). */
  type: string;
  expiresAt: number;
  scope: string | undefined;
}

/**
 * Where several hosts share their tokens (issue 15): one host holds a lock while it asks the token endpoint, the
 * others wait and read the token it stored. `key` names the org, client, scopes and key (a hash, not a secret).
 */
export interface SharedTokens {
  store: StateStore;
  key: string;
}

/** The lock outlives a slow token request; a host that dies holding it only delays the others this long. */
const LOCK_MS = 15_000;
const LOCK_POLL_MS = 25;

export class TokenSource {
  private current: Token | undefined;
  /** The token as stored in the shared store, to remove exactly it when Okta refuses it. */
  private currentShared: string | undefined;
  /** The last token Okta refused: never read back from the shared store while its removal is on its way. */
  private refused: string | undefined;
  private pending: Promise<Token> | undefined;
  /** How many tokens were obtained: diagnostics and tests. */
  issued = 0;

  /** `initial`: a token obtained elsewhere (e.g. by the authorization code exchange), used until it is due. */
  constructor(
    private readonly obtain: () => Promise<TokenResponse>,
    initial?: Token,
    private readonly shared?: SharedTokens,
  ) {
    this.current = initial;
  }

  get value(): string | undefined {
    return this.current?.value;
  }

  /** The token held now, if any, without renewing it. */
  get token(): Token | undefined {
    return this.current;
  }

  async get(): Promise<Token> {
    if (this.current && Date.now() < this.current.expiresAt - EARLY_RENEWAL_MS) return this.current;
    this.pending ??= (this.shared ? this.fromShared(this.shared) : this.renew()).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /**
   * The token every host shares: read it, or take the lock and obtain it, or wait for the host holding the lock.
   * A store that cannot be reached is no reason to fail: this host then asks the token endpoint itself.
   */
  private async fromShared({ store, key }: SharedTokens): Promise<Token> {
    const tokenKey = `token:${key}`;
    const lockKey = `token-lock:${key}`;
    const giveUpAt = Date.now() + LOCK_MS;
    for (;;) {
      const owner = randomUUID();
      let locked = false;
      try {
        const stored = await store.get(tokenKey);
        const token = stored ? (JSON.parse(stored) as Token) : undefined;
        if (stored && token && token.value !== this.refused && Date.now() < token.expiresAt - EARLY_RENEWAL_MS) {
          this.current = token;
          this.currentShared = stored;
          return token;
        }
        locked = await store.claim(lockKey, owner, LOCK_MS);
      } catch {
        return this.renew();
      }
      if (locked) {
        try {
          const token = await this.renew();
          const stored = JSON.stringify(token);
          // Kept as long as the token is valid, no longer: it is a secret.
          await store.set(tokenKey, stored, token.expiresAt - Date.now()).catch(() => undefined);
          this.currentShared = stored;
          return token;
        } finally {
          await store.delete(lockKey, owner).catch(() => undefined);
        }
      }
      if (Date.now() > giveUpAt) return this.renew();
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }

  private renew(): Promise<Token> {
    return this.obtain().then((response) => {
      this.issued += 1;
      this.current = {
        value: response.access_token,
        type: response.token_type,
        expiresAt: Date.now() + (response.expires_in ?? 3600) * 1000,
        scope: response.scope,
      };
      return this.current;
    });
  }

  /** Forgets `token` (Okta refused it) so the next `get` renews; a newer token is kept. */
  invalidate(token: string | undefined): void {
    if (!this.current || this.current.value !== token) return;
    this.current = undefined;
    this.refused = token;
    // Only that token: another host may already have stored a newer one.
    if (this.shared && this.currentShared) {
      void this.shared.store.delete(`token:${this.shared.key}`, this.currentShared).catch(() => undefined);
    }
  }
}
