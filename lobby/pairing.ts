/** A player waiting in a queue. */
export interface Ticket {
  playerId: string;
  rating: number;
  /** Epoch ms the ticket was queued. */
  since: number;
}

export interface PairingOptions {
  /** Rating difference accepted at once. */
  baseWindow: number;
  /** How much the window widens per second of waiting. */
  widenPerSecond: number;
  maxWindow: number;
}

export const DEFAULT_PAIRING: PairingOptions = { baseWindow: 100, widenPerSecond: 50, maxWindow: 800 };

/** How far from its own rating a ticket that has waited `waitedMs` accepts an opponent. */
export function ratingWindow(waitedMs: number, opts: PairingOptions = DEFAULT_PAIRING): number {
  return Math.min(opts.maxWindow, opts.baseWindow + (Math.max(0, waitedMs) / 1000) * opts.widenPerSecond);
}

/** Both must accept: the gap fits inside each ticket's own window. */
export function compatible(a: Ticket, b: Ticket, now: number, opts: PairingOptions = DEFAULT_PAIRING): boolean {
  if (a.playerId === b.playerId) return false;
  const gap = Math.abs(a.rating - b.rating);
  return gap <= ratingWindow(now - a.since, opts) && gap <= ratingWindow(now - b.since, opts);
}

/** The best partner for a newly arrived ticket: the closest compatible rating, then the longest wait. */
export function pairFor<T extends Ticket>(ticket: Ticket, waiting: readonly T[], now: number, opts: PairingOptions = DEFAULT_PAIRING): T | null {
  let best: T | null = null;
  for (const other of waiting) {
    if (!compatible(ticket, other, now, opts)) continue;
    if (
      !best ||
      Math.abs(other.rating - ticket.rating) < Math.abs(best.rating - ticket.rating) ||
      (Math.abs(other.rating - ticket.rating) === Math.abs(best.rating - ticket.rating) && other.since < best.since)
    ) {
      best = other;
    }
  }
  return best;
}

/** How many neighbours in rating order each ticket is compared with. */
const NEIGHBOURS = 4;

/**
 * Pairs the waiting tickets, closest ratings first, each pair inside both tickets' windows.
 * Greedy over candidate edges between near neighbours in rating order: O(n log n) for any queue size.
 * A player with several tickets is considered once, by their oldest one.
 */
export function pairWaiting<T extends Ticket>(
  tickets: readonly T[],
  now: number,
  opts: PairingOptions = DEFAULT_PAIRING,
): { pairs: [T, T][]; waiting: T[] } {
  const oldest = new Map<string, T>();
  for (const t of tickets) {
    const seen = oldest.get(t.playerId);
    if (!seen || t.since < seen.since) oldest.set(t.playerId, t);
  }
  let free = [...oldest.values()].sort((a, b) => a.rating - b.rating || a.since - b.since || (a.playerId < b.playerId ? -1 : 1));
  const pairs: [T, T][] = [];
  // Each pass pairs what it can among near neighbours; the next pass looks again at what is left,
  // whose neighbours have changed. It ends when a pass pairs nobody.
  for (;;) {
    const found = pairNeighbours(free, now, opts);
    if (found.length === 0) break;
    pairs.push(...found);
    const taken = new Set<T>(found.flat());
    free = free.filter((ticket) => !taken.has(ticket));
  }
  const paired = new Set<T>(pairs.flat());
  return { pairs, waiting: tickets.filter((t) => !paired.has(t)) };
}

function pairNeighbours<T extends Ticket>(sorted: readonly T[], now: number, opts: PairingOptions): [T, T][] {
  const edges: { gap: number; wait: number; key: string; a: T; b: T }[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j <= i + NEIGHBOURS && j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      if (!compatible(a, b, now, opts)) continue;
      edges.push({ gap: b.rating - a.rating, wait: 2 * now - a.since - b.since, key: `${a.playerId}\u0000${b.playerId}`, a, b });
    }
  }
  edges.sort((x, y) => x.gap - y.gap || y.wait - x.wait || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  const taken = new Set<string>();
  const pairs: [T, T][] = [];
  for (const e of edges) {
    if (taken.has(e.a.playerId) || taken.has(e.b.playerId)) continue;
    taken.add(e.a.playerId);
    taken.add(e.b.playerId);
    pairs.push(e.a.since <= e.b.since ? [e.a, e.b] : [e.b, e.a]);
  }
  return pairs;
}
