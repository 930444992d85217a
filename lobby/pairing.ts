/** A player waiting in a queue. */
export interface Ticket {
  playerId: string;
  rating: number;
  /** Epoch ms the ticket was queued. */
  since: number;
}

export interface PairingOptions {
  /** Rating difference accepted at once. Default 100. */
  baseWindow?: number;
  /** How much the window widens per second of waiting. Default 50. */
  widenPerSecond?: number;
  /** The window never grows past this. Default 800. */
  maxWindow?: number;
}

export const DEFAULT_PAIRING: Readonly<Required<PairingOptions>> = { baseWindow: 100, widenPerSecond: 50, maxWindow: 800 };

/** How many following tickets in rating order each ticket is compared with. */
const NEIGHBOURS = 4;

function withDefaults(opts: PairingOptions | undefined): Required<PairingOptions> {
  return {
    baseWindow: opts?.baseWindow ?? DEFAULT_PAIRING.baseWindow,
    widenPerSecond: opts?.widenPerSecond ?? DEFAULT_PAIRING.widenPerSecond,
    maxWindow: opts?.maxWindow ?? DEFAULT_PAIRING.maxWindow,
  };
}

function windowOf(waitedMs: number, o: Required<PairingOptions>): number {
  return Math.min(o.maxWindow, o.baseWindow + (Math.max(0, waitedMs) / 1000) * o.widenPerSecond);
}

/** How far from its own rating a ticket that has waited `waitedMs` accepts an opponent. */
export function ratingWindow(waitedMs: number, opts?: PairingOptions): number {
  return windowOf(waitedMs, withDefaults(opts));
}

/** Both must accept: the gap fits inside each ticket's own window. Never the same player. */
export function compatible(a: Ticket, b: Ticket, now: number, opts?: PairingOptions): boolean {
  if (a.playerId === b.playerId) return false;
  const o = withDefaults(opts);
  const gap = Math.abs(a.rating - b.rating);
  return gap <= windowOf(now - a.since, o) && gap <= windowOf(now - b.since, o);
}

/**
 * The best partner for a newly arrived ticket among those waiting: the closest compatible rating,
 * then the longest wait, then the earliest in `waiting`. Null if none fits.
 */
export function pairFor<T extends Ticket>(ticket: Ticket, waiting: readonly T[], now: number, opts?: PairingOptions): T | null {
  const o = withDefaults(opts);
  const own = windowOf(now - ticket.since, o);
  let best: T | null = null;
  let bestGap = Infinity;
  for (const other of waiting) {
    if (other.playerId === ticket.playerId) continue;
    const gap = Math.abs(other.rating - ticket.rating);
    if (gap > own || gap > windowOf(now - other.since, o)) continue;
    if (gap < bestGap || (gap === bestGap && other.since < best!.since)) {
      best = other;
      bestGap = gap;
    }
  }
  return best;
}

/** A candidate pair: indices into the rating-sorted tickets, `lo` before `hi`. */
interface Edge {
  gap: number;
  /** Combined waiting time; longer goes first on equal gaps. */
  wait: number;
  lo: number;
  hi: number;
}

/**
 * Pairs the waiting tickets, closest ratings first, each pair inside both tickets' windows.
 *
 * Tickets are sorted by rating and each is compared with its next few neighbours; the compatible
 * candidates are taken greedily by gap (then longer combined wait, then playerId), skipping any
 * whose ticket is already taken. Taking a pair makes the tickets either side of each of them
 * neighbours; that new candidate joins the queue, so no two free neighbours that fit each other
 * are left. O(n log n) for any queue and any options.
 *
 * A player with several tickets is considered once, by their oldest; the others stay waiting.
 * Each pair lists the longer waiter first. `waiting` keeps the input order.
 */
export function pairWaiting<T extends Ticket>(
  tickets: readonly T[],
  now: number,
  opts?: PairingOptions,
): { pairs: [T, T][]; waiting: T[] } {
  const o = withDefaults(opts);

  // Input indices of each player's oldest ticket (the first of equals).
  const oldest = new Map<string, number>();
  tickets.forEach((t, i) => {
    const seen = oldest.get(t.playerId);
    if (seen === undefined || t.since < tickets[seen].since) oldest.set(t.playerId, i);
  });
  const order = [...oldest.values()].sort((x, y) => {
    const a = tickets[x];
    const b = tickets[y];
    return compareNumbers(a.rating, b.rating) || compareNumbers(a.since, b.since) || compareIds(a.playerId, b.playerId);
  });
  const n = order.length;
  const sorted = order.map((i) => tickets[i]);
  const windows = sorted.map((t) => windowOf(now - t.since, o));

  // Each ticket's place in playerId order, so that ties compare numbers rather than strings.
  const idRank = new Int32Array(n);
  Array.from({ length: n }, (_, i) => i)
    .sort((x, y) => compareIds(sorted[x].playerId, sorted[y].playerId))
    .forEach((i, rank) => (idRank[i] = rank));
  const before = (x: Edge, y: Edge) =>
    compareNumbers(x.gap, y.gap) || compareNumbers(y.wait, x.wait) || idRank[x.lo] - idRank[y.lo] || idRank[x.hi] - idRank[y.hi];
  const candidate = (lo: number, hi: number): Edge | null => {
    const gap = sorted[hi].rating - sorted[lo].rating;
    if (gap > windows[lo] || gap > windows[hi]) return null;
    return { gap, wait: 2 * now - sorted[lo].since - sorted[hi].since, lo, hi };
  };

  const initial: Edge[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j <= i + NEIGHBOURS && j < n; j++) {
      const edge = candidate(i, j);
      if (edge) initial.push(edge);
    }
  }
  initial.sort(before);
  // Candidates found while pairing; usually few, so a heap beside the sorted list.
  const later = new EdgeHeap(before);

  // The free tickets as a doubly linked list in rating order; -1 and n mean none.
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1;
    prev[i] = i - 1;
  }
  const free = new Uint8Array(n).fill(1);
  const unlink = (x: number) => {
    const left = prev[x];
    const right = next[x];
    if (left >= 0) next[left] = right;
    if (right < n) prev[right] = left;
    if (left >= 0 && right < n && free[left] && free[right]) {
      const edge = candidate(left, right);
      if (edge) later.push(edge);
    }
  };

  const pairs: [T, T][] = [];
  const paired = new Uint8Array(tickets.length);
  let k = 0;
  for (;;) {
    const head = later.peek();
    let e: Edge;
    if (k < initial.length && (!head || before(initial[k], head) <= 0)) e = initial[k++];
    else if (head) e = later.pop()!;
    else break;
    if (!free[e.lo] || !free[e.hi]) continue;
    free[e.lo] = 0;
    free[e.hi] = 0;
    unlink(e.lo);
    unlink(e.hi);
    paired[order[e.lo]] = 1;
    paired[order[e.hi]] = 1;
    const a = sorted[e.lo];
    const b = sorted[e.hi];
    pairs.push(a.since <= b.since ? [a, b] : [b, a]);
  }
  return { pairs, waiting: tickets.filter((_, i) => !paired[i]) };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** -1, 0 or 1: a fractional difference would be boxed on every comparison. */
function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A binary min-heap of candidate pairs. */
class EdgeHeap {
  private readonly items: Edge[] = [];

  constructor(private readonly before: (x: Edge, y: Edge) => number) {}

  peek(): Edge | undefined {
    return this.items[0];
  }

  push(edge: Edge): void {
    const items = this.items;
    let i = items.push(edge) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(items[parent], edge) <= 0) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = edge;
  }

  pop(): Edge | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && this.before(items[right], items[left]) < 0 ? right : left;
      if (this.before(last, items[child]) <= 0) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
    return top;
  }
}
