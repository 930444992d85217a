/**
 * Reading the server's /metrics (Prometheus text format) over a window: two scrapes, and what happened between.
 * Only what the runner needs: samples by name and labels, counter deltas, and histogram quantiles from bucket deltas.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition; comments and malformed lines are skipped. */
export function parsePromText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === "n" ? "\n" : c));
    const value = m[3] === "+Inf" ? Infinity : m[3] === "-Inf" ? -Infinity : Number(m[3]);
    samples.push({ name: m[1], labels, value });
  }
  return samples;
}

/** The sum of a metric's samples over every label set that matches `where`; null when there is none. */
export function sumOf(samples: Sample[], name: string, where: Record<string, string> = {}): number | null {
  let total: number | null = null;
  for (const s of samples) {
    if (s.name !== name || !Object.entries(where).every(([k, v]) => s.labels[k] === v)) continue;
    total = (total ?? 0) + s.value;
  }
  return total;
}

/** A histogram's cumulative buckets, summed over its other labels, by upper bound (+Inf last). */
export interface Buckets {
  le: number[];
  counts: number[];
}

export function histogramBuckets(samples: Sample[], name: string): Buckets | null {
  const byLe = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket` || s.labels.le === undefined) continue;
    const le = s.labels.le === "+Inf" ? Infinity : Number(s.labels.le);
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  if (byLe.size === 0) return null;
  const le = [...byLe.keys()].sort((a, b) => a - b);
  return { le, counts: le.map((b) => byLe.get(b)!) };
}

/** What a histogram gained between two scrapes: `after` minus `before` (no `before`: since the process started). */
export function bucketDelta(before: Buckets | null, after: Buckets): Buckets {
  if (!before) return after;
  const at = new Map(before.le.map((b, i) => [b, before.counts[i]]));
  return { le: after.le, counts: after.counts.map((c, i) => c - (at.get(after.le[i]) ?? 0)) };
}

/**
 * The q-quantile (0..1) of cumulative buckets, interpolated linearly within its bucket as Prometheus's
 * histogram_quantile does; when it falls in the +Inf bucket, the highest finite bound (a floor, not a figure).
 * NaN for an empty histogram.
 */
export function bucketQuantile(q: number, buckets: Buckets): number {
  const total = buckets.counts[buckets.counts.length - 1] ?? 0;
  if (!(total > 0)) return NaN;
  const rank = q * total;
  for (let i = 0; i < buckets.le.length; i++) {
    if (buckets.counts[i] < rank) continue;
    const upper = buckets.le[i];
    const lower = i === 0 ? 0 : buckets.le[i - 1];
    if (upper === Infinity) return lower;
    const below = i === 0 ? 0 : buckets.counts[i - 1];
    const inBucket = buckets.counts[i] - below;
    return inBucket > 0 ? lower + (upper - lower) * ((rank - below) / inBucket) : upper;
  }
  return buckets.le[buckets.le.length - 2] ?? NaN;
}

/** How many observations of cumulative buckets lie above `bound`, which must be one of its bucket bounds. */
export function countAbove(bound: number, buckets: Buckets): number {
  const i = buckets.le.indexOf(bound);
  if (i < 0) throw new Error(`${bound} is not a bucket bound`);
  return buckets.counts[buckets.counts.length - 1] - buckets.counts[i];
}
