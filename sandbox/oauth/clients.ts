/**
 * @module The sandbox's org authorization server state: registered OAuth apps, issued tokens, authorization codes,
 * refresh-token families, used `jti`s and the DPoP nonce. Handlers in this folder read and change it.
 *
 * - Service apps authenticate with private_key_jwt against their registered public JWKs (docs/okta.md §5.2) and may
 *   require DPoP (§5.3).
 * - Web apps authenticate with a client secret and use the authorization code flow with PKCE (§5.4).
 */
import { type KeyObject, randomBytes } from 'node:crypto';
import { publicKeyOf } from './jwt.ts';

export interface ServiceAppOptions {
  /** A fixed client id (apps registered through `startSandbox` options); random by default. */
  clientId?: string;
  /** The public half (or halves) of the app's key pair, as JWKs; a `kid` tells several apart. */
  publicJwks: Record<string, unknown>[];
  /** The okta.* scopes granted on the app's "Okta API Scopes" tab. */
  scopes: string[];
  /** "Require DPoP header in token requests"; on by default for new service apps (docs/okta.md §5.3). */
  dpopRequired?: boolean;
  /** Access-token lifetime; Okta's org AS fixes it at 3600 s. */
  tokenLifetimeSeconds?: number;
  /** false: the app has no admin role, so lists come back `200 []` and other calls 403 (docs/catalog.md, "Connections"). */
  adminRole?: boolean;
}

export interface WebAppOptions {
  /** Fixed credentials (apps registered through `startSandbox` options); random by default. */
  clientId?: string;
  clientSecret?: string;
  redirectUris: string[];
  scopes: string[];
  tokenLifetimeSeconds?: number;
}

interface RegisteredKey {
  kid: string | undefined;
  key: KeyObject;
}

export type OAuthApp =
  | {
      kind: 'service';
      clientId: string;
      keys: RegisteredKey[];
      scopes: string[];
      dpopRequired: boolean;
      tokenLifetimeSeconds: number;
      adminRole: boolean;
    }
  | {
      kind: 'web';
      clientId: string;
      clientSecret: string;
      redirectUris: string[];
      scopes: string[];
      tokenLifetimeSeconds: number;
      dpopRequired: false;
      adminRole: true;
    };

export interface AccessToken {
  clientId: string;
  scopes: string[];
  expiresAt: number;
  /** The DPoP key thumbprint the token is bound to (`cnf.jkt`). */
  jkt: string | undefined;
  /** The refresh-token family it came from, so that revoking the family revokes it. */
  family: string | undefined;
  revoked: boolean;
}

export interface RefreshToken {
  clientId: string;
  scopes: string[];
  family: string;
  /** Rotated: presenting it again is reuse, which revokes the whole family. */
  used: boolean;
  revoked: boolean;
  expiresAt: number;
}

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | undefined;
  expiresAt: number;
  used: boolean;
}

export interface OAuthStats {
  /** POSTs to /oauth2/v1/token, whatever the answer. */
  tokenRequests: number;
  /** Access tokens issued. */
  tokensIssued: number;
  /** `400 use_dpop_nonce` answers. */
  nonceChallenges: number;
  /** Refresh-token grants that succeeded. */
  refreshes: number;
  /** Refresh tokens presented again after rotation. */
  refreshReuse: number;
  authorizeRequests: number;
  revocations: number;
  /** Resource requests refused for a token, proof or scope problem. */
  resourceRejections: number;
  reset(): void;
}

/** Refresh tokens of the org AS live 90 days (docs/okta.md §5.2). */
const REFRESH_LIFETIME_MS = 90 * 24 * 3600 * 1000;
/** Authorization codes live 300 s (docs/okta.md §5.4). */
const CODE_LIFETIME_MS = 300_000;

const random = (bytes = 32) => randomBytes(bytes).toString('base64url');
const newClientId = () => `0oa${random(12).replace(/[-_]/g, 'x').slice(0, 17)}`;

/** Every counter at zero; `reset()` goes back to it. */
const ZERO_STATS: Omit<OAuthStats, 'reset'> = {
  tokenRequests: 0,
  tokensIssued: 0,
  nonceChallenges: 0,
  refreshes: 0,
  refreshReuse: 0,
  authorizeRequests: 0,
  revocations: 0,
  resourceRejections: 0,
};

function createOAuthStats(): OAuthStats {
  const stats: OAuthStats = {
    ...ZERO_STATS,
    reset() {
      Object.assign(stats, ZERO_STATS);
    },
  };
  return stats;
}

export class OAuthServer {
  readonly apps = new Map<string, OAuthApp>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly stats = createOAuthStats();
  /** Nonces the token endpoint accepts in DPoP proofs: the current one and its predecessor (docs/okta.md §5.3). */
  private nonces: string[] = [random(16)];
  /** Resource servers may ask for a nonce too; off unless a test turns it on. */
  resourceNonceRequired = false;
  private readonly usedJtis = new Map<string, number>();

  constructor(readonly now: () => number) {}

  registerServiceApp(options: ServiceAppOptions): { clientId: string } {
    if (!options.publicJwks.length) throw new TypeError('A service app needs at least one public JWK.');
    const clientId = options.clientId ?? newClientId();
    this.apps.set(clientId, {
      kind: 'service',
      clientId,
      keys: options.publicJwks.map((jwk) => ({ kid: jwk.kid as string | undefined, key: publicKeyOf(jwk) })),
      scopes: [...options.scopes],
      dpopRequired: options.dpopRequired ?? true,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
      adminRole: options.adminRole ?? true,
    });
    return { clientId };
  }

  registerWebApp(options: WebAppOptions): { clientId: string; clientSecret: string } {
    const clientId = options.clientId ?? newClientId();
    const clientSecret = options.clientSecret ?? random(30);
    this.apps.set(clientId, {
      kind: 'web',
      clientId,
      clientSecret,
      redirectUris: [...options.redirectUris],
      scopes: [...options.scopes],
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
      dpopRequired: false,
      adminRole: true,
    });
    return { clientId, clientSecret };
  }

  get nonce(): string {
    return this.nonces[0] as string;
  }

  isValidNonce(nonce: unknown): boolean {
    return typeof nonce === 'string' && this.nonces.includes(nonce);
  }

  /** A new nonce; the previous one stays valid, as Okta keeps old nonces working for a while. */
  rotateNonce(): void {
    this.nonces = [random(16), this.nonce];
  }

  /**
   * Records a `jti` (of an assertion or a DPoP proof) until `until`; false when it was already used.
   * Expired entries are swept as they go.
   */
  useJti(namespace: string, jti: string, until: number): boolean {
    const key = `${namespace}:${jti}`;
    const now = this.now();
    if (this.usedJtis.size > 10_000) {
      for (const [k, expiry] of this.usedJtis) if (expiry < now) this.usedJtis.delete(k);
    }
    const seen = this.usedJtis.get(key);
    if (seen !== undefined && seen >= now) return false;
    this.usedJtis.set(key, until);
    return true;
  }

  issueAccessToken(app: OAuthApp, scopes: string[], jkt: string | undefined, family?: string): string {
    const value = `sbx.at.${random(32)}`;
    this.accessTokens.set(value, {
      clientId: app.clientId,
      scopes,
      expiresAt: this.now() + app.tokenLifetimeSeconds * 1000,
      jkt,
      family,
      revoked: false,
    });
    this.stats.tokensIssued += 1;
    return value;
  }

  issueRefreshToken(app: OAuthApp, scopes: string[], family = random(12)): string {
    const value = `sbx.rt.${random(32)}`;
    this.refreshTokens.set(value, {
      clientId: app.clientId,
      scopes,
      family,
      used: false,
      revoked: false,
      expiresAt: this.now() + REFRESH_LIFETIME_MS,
    });
    return value;
  }

  issueCode(app: OAuthApp, redirectUri: string, scopes: string[], codeChallenge: string | undefined): string {
    const code = random(24);
    this.codes.set(code, {
      clientId: app.clientId,
      redirectUri,
      scopes,
      codeChallenge,
      expiresAt: this.now() + CODE_LIFETIME_MS,
      used: false,
    });
    return code;
  }

  /** Revokes every refresh and access token of a family: what reuse of a rotated refresh token triggers. */
  revokeFamily(family: string): void {
    for (const token of this.refreshTokens.values()) if (token.family === family) token.revoked = true;
    for (const token of this.accessTokens.values()) if (token.family === family) token.revoked = true;
  }

  /** Makes every access token issued so far expired, as if an hour had passed. */
  expireTokens(): void {
    const past = this.now() - 1000;
    for (const token of this.accessTokens.values()) token.expiresAt = past;
  }
}
