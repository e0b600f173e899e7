/**
 * @module The CLI's progress line for a long run: records and pages read, and the rate-limit waits the client tells
 * of (its `onRateLimitWait` event), redrawn on a terminal.
 */

export interface ProgressBar {
  /** After each page: the records read so far, and the most the run will read (`maxRecords`). */
  update(done: number, total?: number): void;
  /** Okta answered 429 and the client waits for the reset before going on. */
  rateLimited?(delayMs: number): void;
  end(): void;
}

/** `1,234 records · 13 pages · 1 rate-limit wait (4 s) · 9 s`, and, with a cap, a bar towards it. */
export function progressLine(state: {
  records: number;
  total?: number;
  pages: number;
  waits: number;
  waitedMs: number;
  elapsedMs: number;
}): string {
  const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
  const parts = [count(state.records, 'record', 'records'), count(state.pages, 'page', 'pages')];
  if (state.waits)
    parts.push(`${count(state.waits, 'rate-limit wait', 'rate-limit waits')} (${Math.round(state.waitedMs / 1000)} s)`);
  parts.push(`${Math.round(state.elapsedMs / 1000)} s`);
  // The total is the cap (maxRecords), not what the org holds: the bar says how close the run is to stopping.
  if (!state.total) return parts.join(' · ');
  const width = 20;
  const filled = Math.min(width, Math.round((state.records / state.total) * width));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${parts.join(' · ')} (at most ${state.total.toLocaleString('en')})`;
}

/** One status line on a terminal, redrawn at most ten times a second, cleared at the end. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const startedAt = Date.now();
  const state = { records: 0, total: undefined as number | undefined, pages: 0, waits: 0, waitedMs: 0 };
  let drawnAt = 0;
  let drawn = false;
  const draw = (force: boolean) => {
    const now = Date.now();
    if (!force && now - drawnAt < 100) return;
    drawnAt = now;
    drawn = true;
    stream.write(`\r\x1b[K${progressLine({ ...state, elapsedMs: now - startedAt })}`);
  };
  return {
    update(done, total) {
      state.records = done;
      state.total = total;
      state.pages += 1;
      draw(false);
    },
    rateLimited(delayMs) {
      state.waits += 1;
      state.waitedMs += delayMs;
      draw(true);
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
