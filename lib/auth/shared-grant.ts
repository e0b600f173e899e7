/**
 * @module One user grant (authorization code + refresh token) shared by every host through the state store (issue 15).
 *
 * Okta rotates the refresh token at each refresh when the app asks for it, and treats a rotated token presented again
 * as theft: the whole grant is revoked (docs/okta.md §5.4; the sandbox does the same, with no grace period). So with
 * several hosts the refresh token is state that must be shared, like the access token:
 * - the grant's state (access token, its expiry and the current refresh token) is one JSON value in the store, under
 *   a hash of org, client and the refresh token the grant started with (never a token in clear as a key);
 * - a refresh happens under a lock (`SET NX PX`): the holder reads the state again, refreshes with the refresh token
 *   it finds there, and writes the new state, rotated refresh token included, before it releases the lock; the other
 *   hosts wait and read it. No host ever sends a spent refresh token;
 * - a rotated refresh token also leaves an alias (its hash → the grant), so a host restarted with the newer token it
 *   persisted finds the same grant.
 * While the store is unreachable a refresh is refused (`STATE_STORE_UNAVAILABLE`) instead of done locally: a local
 * refresh could send a token another host already spent (revoking the grant), or spend the one stored for the others.
 * The access token held keeps working until it expires.
 */
import { createHash, randomUUID } from 'node:crypto';
import { TransientError } from '../errors.ts';
import type { StateStore } from '../store/types.ts';
import type { TokenResponse } from './token-endpoint.ts';
import { EARLY_RENEWAL_MS } from './token-source.ts';

/** What the store keeps per grant. */
export interface GrantState {
  accessToken: string;
  type: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  scope: string | undefined;
  refreshToken: string | undefined;
}

/** Refresh tokens of the org AS live 90 days (docs/okta.md §5.2): the state is kept no longer. */
const GRANT_TTL_MS = 90 * 24 * 3600 * 1000;
/** The lock outlives a slow token request; a host that dies holding it delays the others this long at most. */
const LOCK_MS = 15_000;
const LOCK_POLL_MS = 25;

export const hashOf = (...parts: string[]) => createHash('sha256').update(parts.join('|')).digest('base64url');

export class SharedGrant {
  private id: Promise<string> | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly org: string,
    private readonly clientId: string,
    /** The refresh (or access) token the connection was given: what names the grant. */
    private readonly credential: string,
  ) {}

  /** The grant's id: its own hash, or the grant a rotation of it aliased it to. */
  private grantId(): Promise<string> {
    this.id ??= (async () => {
      const own = hashOf(this.org, this.clientId, this.credential);
      return (await this.store.get(`grant-alias:${own}`)) ?? own;
    })().catch((error) => {
      this.id = undefined;
      throw error;
    });
    return this.id;
  }

  /** The state stored now, or undefined. Rejects when the store is unreachable. */
  async read(): Promise<GrantState | undefined> {
    const stored = await this.store.get(`grant:${await this.grantId()}`);
    return stored ? (JSON.parse(stored) as GrantState) : undefined;
  }

  /** Stores a state obtained outside a refresh (the code exchange of a sign-in). */
  async write(state: GrantState): Promise<void> {
    await this.store.set(`grant:${await this.grantId()}`, JSON.stringify(state), GRANT_TTL_MS);
  }

  async forget(): Promise<void> {
    await this.store.delete(`grant:${await this.grantId()}`);
  }

  /**
   * A usable access token: the stored one when it is not due (nor `refused` by Okta), else one refresh under the
   * lock, by this host or another. `refresh` is given the refresh token to send: the stored one, else `local`.
   */
  async current(options: {
    refused: string | undefined;
    local: string | undefined;
    refresh: (refreshToken: string | undefined) => Promise<TokenResponse>;
  }): Promise<GrantState> {
    // Not a type guard: a stored state that is due still holds the refresh token to send.
    const usable = (state: GrantState | undefined): boolean =>
      state !== undefined && state.accessToken !== options.refused && Date.now() < state.expiresAt - EARLY_RENEWAL_MS;
    const lockKey = `grant-lock:${await this.unavailableIfFails(() => this.grantId())}`;
    const giveUpAt = Date.now() + 2 * LOCK_MS;
    for (;;) {
      const stored = await this.unavailableIfFails(() => this.read());
      if (stored && usable(stored)) return stored;
      const owner = randomUUID();
      if (await this.unavailableIfFails(() => this.store.claim(lockKey, owner, LOCK_MS))) {
        let release = true;
        try {
          // Again under the lock: another host may have refreshed between the read above and the claim.
          const latest = await this.unavailableIfFails(() => this.read());
          if (latest && usable(latest)) return latest;
          const refreshToken = latest?.refreshToken ?? options.local;
          const response = await options.refresh(refreshToken);
          const state: GrantState = {
            accessToken: response.access_token,
            type: response.token_type,
            expiresAt: Date.now() + (response.expires_in ?? 3600) * 1000,
            scope: response.scope,
            refreshToken: response.refresh_token ?? refreshToken,
          };
          try {
            // Written before the lock goes, so the next holder never sends the token just spent.
            await this.write(state);
            if (state.refreshToken && state.refreshToken !== refreshToken) {
              const alias = hashOf(this.org, this.clientId, state.refreshToken);
              await this.store.set(`grant-alias:${alias}`, await this.grantId(), GRANT_TTL_MS);
            }
          } catch {
            // Not stored: the lock is left to expire rather than let another host refresh with the spent token.
            release = false;
          }
          return state;
        } finally {
          if (release) await this.store.delete(lockKey, owner).catch(() => undefined);
        }
      }
      if (Date.now() > giveUpAt) {
        throw new TransientError(
          'TOKEN_ENDPOINT_UNAVAILABLE',
          'Another host’s token refresh for this connection has not finished: try again in a moment.',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }

  private async unavailableIfFails<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw new TransientError(
        'STATE_STORE_UNAVAILABLE',
        'The access token is due and the shared state store is unreachable: the refresh token is shared by every ' +
          'host, so it is not refreshed by one alone. Try again when the store is back.',
        { cause: error },
      );
    }
  }
}
