/**
 * @module The benchmark harness: measures are data, contestants are functions, every figure is the median of
 * several runs, and each measure reports our ratio to the best peer. Adding a measure is adding an entry to
 * `measures.ts`.
 */

import { median } from '../../lib/median.ts';

export interface Figure {
  value: number;
  /** Secondary figures shown beside the value (e.g. 429s received, peak RSS). */
  extra?: Record<string, number>;
}

export interface Contestant {
  name: string;
  /** Ours, a peer (compared for the ratio), or a floor (shown for reference: what no client can beat). */
  role: 'ours' | 'peer' | 'floor';
  run(): Promise<Figure>;
}

export interface Measure {
  key: string;
  title: string;
  unit: string;
  /** Whether a lower or a higher value is better. */
  better: 'lower' | 'higher';
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  contestants(): Contestant[];
}

export interface Result {
  measure: string;
  title: string;
  unit: string;
  better: 'lower' | 'higher';
  runs: number;
  figures: {
    contestant: string;
    role: Contestant['role'];
    median: number;
    samples: number[];
    extra: Record<string, number>;
  }[];
  /** Ours ÷ best peer, oriented so that > 1 means we are ahead. */
  ratioToBestPeer: number | undefined;
  /** Ours ÷ floor for 'lower is better' measures: how close to the floor we are (1 = at the floor). */
  ratioToFloor: number | undefined;
}

export async function runMeasure(measure: Measure, runs: number, log: (line: string) => void): Promise<Result> {
  await measure.setup?.();
  try {
    const contestants = measure.contestants();
    const samples = new Map<string, Figure[]>(contestants.map((c) => [c.name, []]));
    // Interleave contestants run by run so that drift on a shared machine hits each one alike.
    for (let run = 0; run < runs; run++) {
      for (const contestant of contestants) {
        const figure = await contestant.run();
        samples.get(contestant.name)!.push(figure);
        log(`  ${measure.key} · ${contestant.name} · run ${run + 1}/${runs}: ${format(figure.value)} ${measure.unit}`);
      }
    }
    const figures = contestants.map((c) => {
      const list = samples.get(c.name)!;
      const extraKeys = [...new Set(list.flatMap((f) => Object.keys(f.extra ?? {})))];
      return {
        contestant: c.name,
        role: c.role,
        median: median(list.map((f) => f.value)),
        samples: list.map((f) => f.value),
        extra: Object.fromEntries(extraKeys.map((k) => [k, median(list.map((f) => f.extra?.[k] ?? 0))])),
      };
    });
    const ours = figures.find((f) => f.role === 'ours');
    const peers = figures.filter((f) => f.role === 'peer');
    const floor = figures.find((f) => f.role === 'floor');
    const orient = (a: number, b: number) => (measure.better === 'lower' ? b / a : a / b);
    const bestPeer = peers.length
      ? peers.reduce((best, f) => (orient(f.median, best.median) > 1 ? f : best))
      : undefined;
    return {
      measure: measure.key,
      title: measure.title,
      unit: measure.unit,
      better: measure.better,
      runs,
      figures,
      ratioToBestPeer: ours && bestPeer ? round(orient(ours.median, bestPeer.median)) : undefined,
      ratioToFloor: ours && floor ? round(orient(ours.median, floor.median)) : undefined,
    };
  } finally {
    await measure.teardown?.();
  }
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function format(value: number): string {
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/**
 * A Markdown table: one row per measure and contestant, with our ratio to the best peer (oriented: > 1 is ahead) and
 * our figure over the floor's in the measure's own unit (1.2× the floor's µs, 0.3× the floor's deliveries/s).
 */
export function table(results: Result[]): string {
  const lines = [
    '| measure | contestant | median | unit | notes | ours vs best peer | ours ÷ floor |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    const floor = result.figures.find((f) => f.role === 'floor');
    for (const figure of result.figures) {
      const notes = Object.entries(figure.extra)
        .map(([k, v]) => `${k} ${format(v)}`)
        .join(', ');
      const ratio =
        figure.role === 'ours' && result.ratioToBestPeer !== undefined
          ? `${result.ratioToBestPeer}× ${result.ratioToBestPeer >= 1 ? 'ahead' : 'behind'}`
          : '';
      const overFloor = figure.role === 'ours' && floor?.median ? `${round(figure.median / floor.median)}×` : '';
      lines.push(
        `| ${result.title} | ${figure.contestant}${figure.role === 'floor' ? ' (floor)' : ''} | ${format(figure.median)} | ${result.unit} | ${notes} | ${ratio} | ${overFloor} |`,
      );
    }
  }
  return lines.join('\n');
}
