/**
 * @module Users' MFA factors (`/api/v1/users/{userId}/factors`, docs/okta.md §7.5): the org's catalogue, the security
 * questions, enrolment, activation and verification with the states Okta gives them.
 *
 * - `question` is ACTIVE once enrolled; `token:software:totp` (OKTA, GOOGLE), `sms`, `call`, `email` and `push`
 *   enrol PENDING_ACTIVATION and turn ACTIVE on activation with a valid passcode (`sms`, `call`, `email` are ACTIVE at
 *   once with `activate=true`, the admin vouching for the phone or address).
 * - TOTP passcodes are real RFC 6238 codes of the shared secret handed out at enrolment, so an authenticator app
 *   (or `speakeasy`) computes them. SMS, call and email codes cannot reach a phone: the sandbox keeps the last code
 *   sent, readable through `sentCode(factorId)`, as a test reads a phone.
 * - Push has no device to answer: a verification stays WAITING until it times out after five minutes.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { ApiError, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';
import { EventType } from './event-types.ts';
import { type User, type UserHolder, userTarget } from './types.ts';

export type FactorStatus = 'PENDING_ACTIVATION' | 'ACTIVE';

export interface Factor {
  id: string;
  userId: string;
  factorType: string;
  provider: string;
  vendorName: string;
  status: FactorStatus;
  created: string;
  lastUpdated: string;
  profile: Record<string, unknown>;
  /** TOTP: the base32 shared secret. */
  secret?: string;
  /** question: the answer. */
  answer?: string;
  /** sms, call, email: the last code sent. */
  code?: string;
}

export interface Transaction {
  id: string;
  factorId: string;
  expiresAt: number;
}

/** The factors the sandbox org offers, in the order Okta lists them (spec example SupportedFactorResults). */
export const CATALOG: readonly { factorType: string; provider: string; prefix: string }[] = [
  { factorType: 'question', provider: 'OKTA', prefix: 'ufs' },
  { factorType: 'token:software:totp', provider: 'OKTA', prefix: 'ost' },
  { factorType: 'token:software:totp', provider: 'GOOGLE', prefix: 'uft' },
  { factorType: 'sms', provider: 'OKTA', prefix: 'mbl' },
  { factorType: 'call', provider: 'OKTA', prefix: 'clf' },
  { factorType: 'email', provider: 'OKTA', prefix: 'emf' },
  { factorType: 'push', provider: 'OKTA', prefix: 'opf' },
];

/** Okta's enums (spec `FactorType`, `FactorProvider`): a value outside them is invalid, not merely disabled. */
export const FACTOR_TYPES = new Set([
  'call',
  'email',
  'push',
  'question',
  'sms',
  'token',
  'token:hardware',
  'token:hotp',
  'token:software:totp',
  'u2f',
  'web',
  'webauthn',
  'signed_nonce',
]);
export const PROVIDERS = new Set(['OKTA', 'RSA', 'FIDO', 'GOOGLE', 'SYMANTEC', 'DUO', 'YUBICO', 'CUSTOM']);

/** The questions Okta offers (spec example of `factors/questions`, and the ones Okta's SDK tests use). */
export const SECURITY_QUESTIONS: readonly { question: string; questionText: string }[] = [
  { question: 'disliked_food', questionText: 'What is the food you least liked as a child?' },
  { question: 'name_of_first_plush_toy', questionText: 'What is the name of your first stuffed animal?' },
  { question: 'first_award', questionText: 'What did you earn your first medal or award for?' },
  { question: 'favorite_security_question', questionText: 'What is your favorite security question?' },
  { question: 'favorite_toy', questionText: 'What is the toy/stuffed animal you liked the most as a kid?' },
  { question: 'first_computer_game', questionText: 'What was the first computer/video game you played?' },
  { question: 'favorite_movie_quote', questionText: 'What is your favorite movie quote?' },
  { question: 'first_sports_team_mascot', questionText: 'What was the mascot of the first sports team you played on?' },
  { question: 'first_music_purchase', questionText: 'What music album or song did you first purchase?' },
  { question: 'favorite_art_piece', questionText: 'What is your favorite piece of art?' },
  { question: 'grandmother_favorite_desert', questionText: 'What was your grandmother’s favorite dessert?' },
  { question: 'first_thing_cooked', questionText: 'What was the first thing you learned to cook?' },
  { question: 'childhood_dream_job', questionText: 'What was your dream job as a child?' },
  {
    question: 'place_where_significant_other_was_met',
    questionText: 'Where did you meet your spouse/significant other?',
  },
  { question: 'favorite_vacation_location', questionText: 'Where did you go for your favorite vacation?' },
  { question: 'new_years_two_thousand', questionText: 'Where were you on New Year’s Eve in the year 2000?' },
  { question: 'favorite_speaker_actor', questionText: 'Who is your favorite speaker/orator?' },
  { question: 'favorite_book_movie_character', questionText: 'Who is your favorite book/movie character?' },
  { question: 'favorite_sports_player', questionText: 'Who is your favorite sports player?' },
];

const PUSH_TIMEOUT_MS = 5 * 60_000;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | BASE32.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP (HMAC-SHA1, 30 s steps, 6 digits), as authenticator apps compute it. */
export function totp(secret: string, at: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const hmac = createHmac('sha1', fromBase32(secret)).update(counter).digest();
  const offset = (hmac[hmac.length - 1] as number) & 15;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

export class Factors implements UserHolder {
  private byUser = new Map<string, Factor[]>();
  private transactions = new Map<string, Transaction>();

  constructor(private readonly org: Org) {}

  /** A user's factors in catalogue order (then enrolment order), as Okta lists them. */
  list(userIdOrLogin: string): Factor[] {
    const user = this.org.users.get(userIdOrLogin);
    const rank = (f: Factor) => CATALOG.findIndex((c) => c.factorType === f.factorType && c.provider === f.provider);
    return [...(this.byUser.get(user.id) ?? [])].sort((a, b) => rank(a) - rank(b));
  }

  get(userIdOrLogin: string, factorId: string): Factor {
    const user = this.org.users.get(userIdOrLogin);
    const factor = this.byUser.get(user.id)?.find((f) => f.id === factorId);
    if (!factor) throw new ApiError('E0000007', `Resource not found: ${factorId} (UserFactor)`);
    return factor;
  }

  /** What the user may enrol, with what they have enrolled (spec listSupportedFactors). */
  catalog(userIdOrLogin: string) {
    const enrolled = this.list(userIdOrLogin);
    return CATALOG.map(({ factorType, provider }) => ({
      factorType,
      provider,
      vendorName: provider,
      status: enrolled.find((f) => f.factorType === factorType && f.provider === provider)?.status ?? 'NOT_SETUP',
      enrollment: 'OPTIONAL',
    }));
  }

  questions(userIdOrLogin: string) {
    this.org.users.get(userIdOrLogin);
    return SECURITY_QUESTIONS;
  }

  /**
   * POST /users/{id}/factors. 400 E0000001 with Okta's causes: "Invalid Provider." for a provider outside Okta's
   * list, "Factor not enabled." for a factor the org does not offer, "A factor of this type is already set up." when
   * the user has it ACTIVE; a pending one is replaced by the new enrolment.
   */
  enroll(userIdOrLogin: string, body: Record<string, unknown>, options: { activate?: boolean } = {}): Factor {
    const user = this.org.users.get(userIdOrLogin);
    const { factorType, provider } = body;
    if (typeof factorType !== 'string' || !FACTOR_TYPES.has(factorType)) {
      throw validationFailed('factorType: The factor type is not valid');
    }
    if (typeof provider !== 'string' || !PROVIDERS.has(provider)) throw validationFailed('Invalid Provider.');
    const offered = CATALOG.find((c) => c.factorType === factorType && c.provider === provider);
    if (!offered) throw validationFailed('Factor not enabled.');
    const factors = this.byUser.get(user.id) ?? [];
    const existing = factors.find((f) => f.factorType === factorType && f.provider === provider);
    if (existing?.status === 'ACTIVE') throw validationFailed('A factor of this type is already set up.');

    const profile = (body.profile ?? {}) as Record<string, unknown>;
    const at = this.org.iso();
    const factor: Factor = {
      id: this.org.ids.next(offered.prefix),
      userId: user.id,
      factorType,
      provider,
      vendorName: provider,
      status: 'PENDING_ACTIVATION',
      created: at,
      lastUpdated: at,
      profile: {},
    };
    switch (factorType) {
      case 'question': {
        const question = SECURITY_QUESTIONS.find((q) => q.question === profile.question);
        const answer = profile.answer;
        const causes: string[] = [];
        if (!question) causes.push('profile.question: The security question is not valid');
        if (typeof answer !== 'string' || answer.trim().length < 4) {
          causes.push('profile.answer: The security question answer must be at least 4 characters in length');
        }
        if (causes.length) throw validationFailed(...causes);
        factor.profile = { ...question };
        factor.answer = answer as string;
        factor.status = 'ACTIVE';
        break;
      }
      case 'token:software:totp':
        factor.profile = { credentialId: user.profile.login };
        factor.secret = base32(randomBytes(10));
        break;
      case 'sms':
      case 'call': {
        const phoneNumber = profile.phoneNumber;
        const digits = typeof phoneNumber === 'string' ? phoneNumber.replace(/\D/g, '') : '';
        if (digits.length < 7 || digits.length > 15) throw new ApiError('E0000098');
        factor.profile = { phoneNumber };
        if (options.activate) factor.status = 'ACTIVE';
        else factor.code = this.newCode();
        break;
      }
      case 'email': {
        const email = typeof profile.email === 'string' ? profile.email : user.profile.email;
        if (typeof email !== 'string' || !email.includes('@'))
          throw validationFailed('profile.email: Not a valid email');
        factor.profile = { email };
        if (options.activate) factor.status = 'ACTIVE';
        else factor.code = this.newCode();
        break;
      }
    }
    this.byUser.set(user.id, [...factors.filter((f) => f !== existing), factor]);
    if (factor.status === 'ACTIVE') this.logFactor(EventType.factorActivate, 'Activate factor for user', user);
    return factor;
  }

  /** The code sent to an SMS, call or email factor: what the user would read on their phone or in their mailbox. */
  sentCode(factorId: string): string | undefined {
    for (const factors of this.byUser.values()) {
      const factor = factors.find((f) => f.id === factorId);
      if (factor) return factor.code;
    }
    return undefined;
  }

  private newCode(): string {
    return String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  /** Checks a passcode: TOTP within one 30 s step either way, else the last code sent. */
  private passCodeMatches(factor: Factor, passCode: unknown): boolean {
    if (typeof passCode !== 'string' || passCode === '') return false;
    if (factor.secret) {
      const now = this.org.now();
      return [-30_000, 0, 30_000].some((skew) => totp(factor.secret as string, now + skew) === passCode);
    }
    return factor.code !== undefined && factor.code === passCode;
  }

  /** lifecycle/activate: a PENDING_ACTIVATION factor with its passcode; 403 E0000068 for a wrong one. */
  activate(userIdOrLogin: string, factorId: string, body: Record<string, unknown>): Factor {
    const factor = this.get(userIdOrLogin, factorId);
    if (factor.status !== 'PENDING_ACTIVATION') throw validationFailed('The factor is not pending activation');
    if (factor.factorType === 'push') throw validationFailed('Push factors are activated from the Okta Verify app');
    if (!this.passCodeMatches(factor, body.passCode)) throw new ApiError('E0000068');
    factor.status = 'ACTIVE';
    delete factor.code;
    factor.lastUpdated = this.org.iso();
    this.logFactor(EventType.factorActivate, 'Activate factor for user', this.org.users.byId(factor.userId));
    return factor;
  }

  /** resend: a new code for a pending SMS, call or email factor. */
  resend(userIdOrLogin: string, factorId: string): Factor {
    const factor = this.get(userIdOrLogin, factorId);
    if (!['sms', 'call', 'email'].includes(factor.factorType) || factor.status !== 'PENDING_ACTIVATION') {
      throw validationFailed('Only a pending SMS, call or email factor can be sent a new code');
    }
    factor.code = this.newCode();
    factor.lastUpdated = this.org.iso();
    return factor;
  }

  /**
   * verify: only an ACTIVE factor (else 410 E0000154). A question checks its answer, TOTP its passcode; SMS, call
   * and email first send a code (CHALLENGE), then check it; push starts a transaction that waits for the device.
   */
  verify(
    userIdOrLogin: string,
    factorId: string,
    body: Record<string, unknown>,
  ): { factorResult: string; transaction?: Transaction; factor: Factor } {
    const factor = this.get(userIdOrLogin, factorId);
    if (factor.status !== 'ACTIVE') throw new ApiError('E0000154');
    switch (factor.factorType) {
      case 'question': {
        const given = typeof body.answer === 'string' ? body.answer.trim().toLowerCase() : undefined;
        if (given === undefined || given !== factor.answer?.trim().toLowerCase()) throw new ApiError('E0000068');
        return { factorResult: 'SUCCESS', factor };
      }
      case 'push': {
        const transaction = { id: `v2mst.${randomBytes(16).toString('base64url')}`, factorId, expiresAt: 0 };
        transaction.expiresAt = this.org.now() + PUSH_TIMEOUT_MS;
        this.transactions.set(transaction.id, transaction);
        return { factorResult: 'WAITING', transaction, factor };
      }
      case 'sms':
      case 'call':
      case 'email':
        if (body.passCode === undefined) {
          factor.code = this.newCode();
          return { factorResult: 'CHALLENGE', factor };
        }
    }
    if (!this.passCodeMatches(factor, body.passCode)) throw new ApiError('E0000068');
    if (factor.factorType !== 'token:software:totp') delete factor.code;
    return { factorResult: 'SUCCESS', factor };
  }

  /** A push verification: WAITING until it times out (no device answers in the sandbox). */
  transaction(userIdOrLogin: string, factorId: string, transactionId: string) {
    this.get(userIdOrLogin, factorId);
    const transaction = this.transactions.get(transactionId);
    if (!transaction || transaction.factorId !== factorId) {
      throw new ApiError('E0000007', `Resource not found: ${transactionId} (Transaction)`);
    }
    return { transaction, factorResult: this.org.now() < transaction.expiresAt ? 'WAITING' : 'TIMEOUT' };
  }

  /** DELETE …/factors/{factorId}: the factor is gone (204). */
  unenroll(userIdOrLogin: string, factorId: string): void {
    const factor = this.get(userIdOrLogin, factorId);
    const factors = this.byUser.get(factor.userId) as Factor[];
    factors.splice(factors.indexOf(factor), 1);
    this.logFactor(EventType.factorDeactivate, 'Reset factor for user', this.org.users.byId(factor.userId));
  }

  /** lifecycle/reset_factors: every factor of the user is removed; the status does not change (docs/okta.md §7.1). */
  resetAll(userIdOrLogin: string): void {
    const user = this.org.users.get(userIdOrLogin);
    if (user.status === 'STAGED' || user.status === 'DEPROVISIONED') throw new ApiError('E0000038');
    this.byUser.delete(user.id);
    this.logFactor(EventType.factorResetAll, 'Reset all factors for user', user);
  }

  userDeleted(userId: string): void {
    this.byUser.delete(userId);
  }

  private logFactor(eventType: (typeof EventType)[keyof typeof EventType], displayMessage: string, user: User): void {
    this.org.log({ eventType, displayMessage, targets: [userTarget(user)] });
  }
}
