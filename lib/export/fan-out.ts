/**
 * @module How many windows an export reads at once, measured as it runs: concurrency pays only when what bounds a page
 * is the round trip (latency the org absorbs in parallel, as Okta's does), not the work of producing and reading it
 * (an org or a client that answers two pages at once half as fast, as a sandbox on loopback does).
 *
 * The measure compares the latency of pages read alone with that of pages read two at once. Round-trip bound, two
 * at once take about as long as one (the export goes to its cap); work bound, each takes about twice as long (it stays
 * with one, paging sequentially). Pages read while the rate limiter may have held them back are not measured: their
 * latency is the budget's, not the org's. Nothing is split to find out but the one window the probe needs.
 */

import { median } from '../median.ts';

/** Pages read alone before the probe: the first is cold (connection, compilation), the others are the measure. */
const ALONE_PAGES = 5;
/**
 * Pages read two at once that count: the first pair is left out, as its second request may open a connection (a TCP
 * and TLS handshake is a few round trips more); the next ones are the measure.
 */
const COLD_PAIR = 2;
const PAIRED_PAGES = 4;
/** The export fans out when reading `cap` windows at once is expected to come back at least this much faster. */
const MIN_GAIN = 1.5;

export class FanOut {
  /** Windows to read at once now. */
  want = 1;
  private alone: number[] = [];
  private together: number[] = [];
  private decided = false;

  constructor(private readonly cap: number) {
    if (cap <= 1) this.decided = true;
  }

  /**
   * One page's latency and the most requests of this export in flight while it ran (itself included); `measurable`
   * false when the rate limiter may have delayed it.
   */
  observe(ms: number, peakInFlight: number, measurable: boolean): void {
    if (this.decided || !measurable) return;
    if (peakInFlight === 1 && this.want === 1) {
      this.alone.push(ms);
      if (this.alone.length >= ALONE_PAGES) this.want = 2;
      return;
    }
    if (peakInFlight > 2 || this.want !== 2) return;
    this.together.push(ms);
    const gain = this.gain;
    if (gain === undefined) return;
    this.decided = true;
    this.want = gain >= MIN_GAIN ? this.cap : 1;
  }

  /**
   * What the measure found, once it has: how much faster `cap` windows at once are expected to come back than pages
   * in turn. A page's latency is a part that overlaps with other requests (`overlap`: the round trip) and a part that
   * does not (`serial`: work on one machine), so alone it is `overlap + serial`, two at once `overlap + 2 × serial`,
   * `cap` at once `overlap + cap × serial`: the gain is `cap × alone ÷ (overlap + cap × serial)`.
   */
  get gain(): number | undefined {
    if (this.together.length < COLD_PAIR + PAIRED_PAGES) return undefined;
    const alone = median(this.alone.slice(1));
    const together = median(this.together.slice(COLD_PAIR));
    const serial = Math.min(alone, Math.max(0, together - alone));
    const overlap = alone - serial;
    return (this.cap * alone) / (overlap + this.cap * serial);
  }
}
