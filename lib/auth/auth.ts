/**
 * @module The `Auth` contract: what a connection's `authorize` hands the client (lib/http/client.ts) to authorise
 * each request. Its own module so that the client needs nothing from the unit contract (lib/define.ts).
 */

/** A response as an `Auth` sees it. */
export interface AuthResponse {
  status: number;
  headers: Headers;
  /**
   * The Authorization header the request carried: under concurrency, a 401 may answer a token that has already been
   * renewed, and only the token that was refused should be dropped.
   */
  authorization?: string | undefined;
}

/** Puts the right authorisation on each request; renews its own tokens. */
export interface Auth {
  /** `https://acme.okta.com`: every request must stay on this origin. */
  origin: string;
  /** Headers for one request (`Authorization`, and `DPoP` where bound). */
  headers(request: { method: string; url: URL }): Promise<Record<string, string>> | Record<string, string>;
  /** Called with every response, e.g. to pick up a fresh DPoP nonce. */
  onResponse?(response: AuthResponse): void;
  /**
   * Called when Okta answers 401: true means the credential renewed itself (a fresh token, a new DPoP nonce) and the
   * request is worth sending once more.
   */
  onUnauthorized?(response: AuthResponse): Promise<boolean> | boolean;
  /** Values that must never appear in an error or a log line (read again before each redaction). */
  readonly secrets: string[];
  /** Identifies the credential for rate-limit sharing (Okta caps each token or app at a share of a bucket). */
  principal: string;
}
