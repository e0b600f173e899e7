/**
 * @module Keeps one access token, renews it shortly before it expires, and renews it once however many requests
 * ask at the same time. Okta's SDK renews only after a 401 (API-FACTS §1.5); renewing early spares a failed call.
 */
import type { TokenResponse } from './token-endpoint.ts';

/** Renew this long before expiry, so a token never expires on its way to Okta. */
const EARLY_RENEWAL_MS = 60_000;

export interface Token {
  value: string;
  /** `Bearer` or `DPoP`, as the token endpoint answered (API-FACTS §5.3: branch on token_type). */
  type: string;
  expiresAt: number;
  scope: string | undefined;
}

export class TokenSource {
  private current: Token | undefined;
  private pending: Promise<Token> | undefined;
  /** How many tokens were obtained: diagnostics and tests. */
  issued = 0;

  /** `initial`: a token obtained elsewhere (e.g. by the authorization code exchange), used until it is due. */
  constructor(
    private readonly obtain: () => Promise<TokenResponse>,
    initial?: Token,
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
    this.pending ??= this.obtain()
      .then((response) => {
        this.issued += 1;
        this.current = {
          value: response.access_token,
          type: response.token_type,
          expiresAt: Date.now() + (response.expires_in ?? 3600) * 1000,
          scope: response.scope,
        };
        return this.current;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /** Forgets `token` (Okta refused it) so the next `get` renews; a newer token is kept. */
  invalidate(token: string | undefined): void {
    if (this.current && this.current.value === token) this.current = undefined;
  }
}
