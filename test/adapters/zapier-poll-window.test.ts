/**
 * The window each Zapier poll reads (adapters/zapier/src/polling.ts `pollPlan`), fuzzed: whatever a user types as
 * Look Back or Start from, the poll starts at a real time no earlier than 90 days back (Okta keeps no more), never
 * before the window unless Start from is later, and a Start from that is no time reaches the runtime as typed (it
 * names the field). Catches: an unbounded or NaN window (RangeError, or a 90-day scan each poll), a Start from that
 * silently widens or is dropped, a sample that reads more than a few records.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../adapters/shared/catalogue.ts';
import { LOOKBACK, pollPlan } from '../../adapters/zapier/src/polling.ts';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const MINUTE = 60_000;
const DAYS_90 = 90 * 24 * 60 * MINUTE;
const units = catalogue().pollingTriggers;
const unitOf = (key: string) => units.find((unit) => unit.key === key) ?? (units[0] as (typeof units)[number]);

const lookback = fc.oneof(
  fc.integer({ min: -1e6, max: 1e12 }),
  fc.double(),
  fc.string(),
  fc.constantFrom(undefined, null, '', '15', '1e308', 'Infinity', '-5'),
);
const isoInRange = fc.integer({ min: NOW - 2 * DAYS_90, max: NOW + DAYS_90 }).map((ms) => new Date(ms).toISOString());
const since = fc.oneof(fc.constant(undefined), isoInRange);

describe('pollPlan', () => {
  it('starts every poll at a real time within 90 days, or at a later Start from', () => {
    fc.assert(
      fc.property(fc.constantFrom(...units.map((unit) => unit.key)), lookback, since, (key, minutes, start) => {
        const { input, rounds, limit } = pollPlan(unitOf(key), { [LOOKBACK]: minutes, since: start }, NOW, false);
        const from = Date.parse(String(input.since));
        expect(Number.isFinite(from)).toBe(true);
        expect(from).toBeGreaterThanOrEqual(NOW - DAYS_90);
        const userStart = start === undefined ? Number.NEGATIVE_INFINITY : Date.parse(start);
        expect(from).toBeLessThanOrEqual(Math.max(NOW - MINUTE, userStart));
        if (userStart > NOW - MINUTE) expect(from).toBe(userStart);
        expect(input).not.toHaveProperty(LOOKBACK);
        expect(rounds).toBeGreaterThan(1);
        expect(limit).toBe(1000);
      }),
    );
  });

  it('defaults to the last 60 minutes, and sets the delivery of a trigger that offers both', () => {
    const { input } = pollPlan(unitOf('userCreatedPolling'), {}, NOW, false);
    expect(input).toEqual({ since: new Date(NOW - 60 * MINUTE).toISOString(), delivery: 'polling' });
  });

  it('passes a Start from that is no time as typed, for the runtime to name the field', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((text) => text.trim() !== '' && Number.isNaN(Date.parse(text))),
        (text) => {
          expect(pollPlan(unitOf('newUsers'), { since: text }, NOW, false).input.since).toBe(text);
        },
      ),
    );
  });

  it('reads a sample from the last 7 days, a few records in one round', () => {
    const { input, rounds, limit } = pollPlan(unitOf('newUsers'), { maxRecords: '5000', [LOOKBACK]: '5' }, NOW, true);
    expect(input.since).toBe(new Date(NOW - 7 * 24 * 60 * MINUTE).toISOString());
    expect([input.maxRecords, limit, rounds]).toEqual([10, 10, 1]);
  });
});
