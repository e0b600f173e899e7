/**
 * The export's fan-out rule (lib/export/fan-out.ts) on given latencies: pages read alone, then two at once; it fans out
 * to its cap only where two at once cost about what one does (the round trip bounds a page, as at Okta), and stays
 * with one where they cost about twice (the work does, as on loopback). The export over HTTP is in
 * stream-export.test.ts; which way a real run goes depends on the machine's load, so it is measured in the bench
 * (`npm run bench`, the export rows), not asserted there.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FanOut } from '../../lib/export/fan-out.ts';

/** Feeds five pages alone at `alone` ms, then pairs at `together` ms, until the rule decides (or 20 pages). */
function decide(cap: number, alone: number, together: number): FanOut {
  const fanOut = new FanOut(cap);
  for (let page = 0; page < 5; page++) fanOut.observe(alone, 1, true);
  for (let page = 0; page < 20 && fanOut.gain === undefined; page++) fanOut.observe(together, 2, true);
  // Observed once more after it decided: the decision stands.
  fanOut.observe(together * 10, 2, true);
  return fanOut;
}

describe('the fan-out rule', () => {
  it('fans out to its cap when two at once take as long as one (round-trip bound)', () => {
    const fanOut = decide(8, 300, 310);
    expect(fanOut.want).toBe(8);
    expect(fanOut.gain).toBeGreaterThan(5);
  });

  it('stays with one window when two at once take twice as long (work bound)', () => {
    const fanOut = decide(8, 20, 40);
    expect(fanOut.want).toBe(1);
    expect(fanOut.gain).toBeCloseTo(1, 5);
  });

  it('asks for a pair only after five pages alone, and decides after six pairs, the first two left out', () => {
    const fanOut = new FanOut(8);
    for (let page = 0; page < 4; page++) fanOut.observe(20, 1, true);
    expect(fanOut.want).toBe(1);
    fanOut.observe(20, 1, true);
    expect(fanOut.want).toBe(2);
    // A cold pair (a new connection's handshake) would look round-trip bound: it does not count.
    fanOut.observe(20, 2, true);
    fanOut.observe(20, 2, true);
    for (let page = 0; page < 3; page++) fanOut.observe(40, 2, true);
    expect(fanOut.gain).toBeUndefined();
    fanOut.observe(40, 2, true);
    expect(fanOut.want).toBe(1);
  });

  it('ignores pages the rate limiter may have held, and pages read beside more than one other', () => {
    const fanOut = new FanOut(8);
    for (let page = 0; page < 5; page++) fanOut.observe(20, 1, true);
    for (let page = 0; page < 10; page++) fanOut.observe(20, 2, false);
    for (let page = 0; page < 10; page++) fanOut.observe(20, 3, true);
    expect(fanOut.gain).toBeUndefined();
    expect(fanOut.want).toBe(2);
  });

  it('never measures with a cap of one', () => {
    const fanOut = new FanOut(1);
    for (let page = 0; page < 20; page++) fanOut.observe(20, 1, true);
    expect(fanOut.want).toBe(1);
  });

  it('fans out exactly when the expected gain is at least 1.5, and the gain falls as pairs slow down', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 16 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        (cap, alone, slowdown) => {
          const fanOut = decide(cap, alone, alone * slowdown);
          const gain = fanOut.gain as number;
          expect(fanOut.want).toBe(gain >= 1.5 ? cap : 1);
          expect(decide(cap, alone, alone * (slowdown + 0.25)).gain as number).toBeLessThanOrEqual(gain + 1e-9);
        },
      ),
    );
  });
});
