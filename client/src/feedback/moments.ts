/**
 * The moments of a game worth a sound, a tab title or a notification, found by comparing two views of it.
 * Pure: no clock, no DOM. The caller builds a `MomentView` from the room state on every patch, and again on a
 * timer (about once a second) with a fresh `now`, since running low on time happens without any patch.
 */

export type MomentStatus = "waiting" | "playing" | "finished" | "aborted";

/**
 * One game as this client sees it at one instant. Every game maps onto it, whatever its turn policy:
 * - alternating games (tic-tac-toe, Connect Four): `mustAct` is `state.turn === mySeat`, `turn` the move count;
 * - simultaneous rounds (RPS, `state.turn` is -1): `mustAct` is "my player has not `chosen` this round",
 *   `turn` the number of rounds revealed.
 */
export interface MomentView {
  /** The game room's id: a view of another room is another game (a rematch is a new room). */
  readonly game: string;
  readonly status: MomentStatus;
  /** Watching, not playing: no turn, clock or result of my own. */
  readonly spectating: boolean;
  /** My seat, or -1 when spectating. */
  readonly mySeat: number;
  /** I still have to act in this turn or round (always false for a spectator or a game not being played). */
  readonly mustAct: boolean;
  /** Identifies the current turn or round; it changes whenever a new one starts. */
  readonly turn: number;
  /** Moves made so far by the other side (by either side, for a spectator); RPS counts a hidden choice once chosen. */
  readonly opponentMoves: number;
  /** Epoch ms (server clock) when the current turn or round runs out; 0 when no clock runs. */
  readonly deadline: number;
  /** The server's clock now (epoch ms), e.g. `serverNow()`. */
  readonly now: number;
  /** Winning seat once finished; -1 for a draw or none. */
  readonly winner: number;
}

export type GameOutcome =
  | "win"
  | "loss"
  | "draw"
  /** A watched game that someone won. */
  | "ended"
  | "aborted";

export type Moment =
  | { readonly kind: "matchFound" }
  | { readonly kind: "opponentMoved" }
  | { readonly kind: "yourTurn" }
  | { readonly kind: "lowTime"; readonly remainingMs: number }
  | { readonly kind: "gameEnd"; readonly outcome: GameOutcome };

export type MomentKind = Moment["kind"];

/** Under this much time left in a turn I still have to act in, the clock is low. */
export const LOW_TIME_MS = 10_000;

const live = (status: MomentStatus) => status === "waiting" || status === "playing";

function remaining(view: MomentView): number | null {
  return view.deadline > 0 ? view.deadline - view.now : null;
}

function lowTime(view: MomentView, lowMs: number): boolean {
  const left = remaining(view);
  return view.status === "playing" && !view.spectating && view.mustAct && left !== null && left < lowMs;
}

export function outcomeOf(view: MomentView): GameOutcome {
  if (view.status === "aborted") return "aborted";
  if (view.winner < 0) return "draw";
  if (view.spectating) return "ended";
  return view.winner === view.mySeat ? "win" : "loss";
}

/**
 * What happened between `prev` (null for the first view of a game, or after none) and `next`, in the order it
 * happened: matchFound, opponentMoved, yourTurn, lowTime, gameEnd.
 * - matchFound: the first view of a game I play, while it is waiting or playing; it stands for yourTurn too
 *   (the caller reads `next.mustAct`), so both never come together.
 * - opponentMoved: the other side's move count went up in the same game.
 * - yourTurn: while playing, I must act and did not before, or a new turn or round began (`turn` changed) or
 *   the game started.
 * - lowTime: once per turn, when my time left first drops under `lowMs` while I must act. A turn that starts
 *   already under it counts.
 * - gameEnd: a game seen waiting or playing is now finished or aborted.
 */
export function momentsBetween(prev: MomentView | null, next: MomentView, lowMs = LOW_TIME_MS): Moment[] {
  const same = prev !== null && prev.game === next.game ? prev : null;
  const out: Moment[] = [];
  const found = same === null && !next.spectating && live(next.status);
  if (found) out.push({ kind: "matchFound" });
  if (same && next.opponentMoves > same.opponentMoves) out.push({ kind: "opponentMoved" });
  const myTurn = next.status === "playing" && !next.spectating && next.mustAct;
  const sameTurn = same !== null && same.status === "playing" && same.turn === next.turn;
  if (myTurn && !found && !(sameTurn && same.mustAct)) out.push({ kind: "yourTurn" });
  if (lowTime(next, lowMs) && !(sameTurn && lowTime(same, lowMs))) out.push({ kind: "lowTime", remainingMs: Math.max(0, remaining(next)!) });
  if (same && live(same.status) && !live(next.status)) out.push({ kind: "gameEnd", outcome: outcomeOf(next) });
  return out;
}

/** How much each moment matters, for a caller that signals only one of several (e.g. one sound). */
const RANK: Record<MomentKind, number> = { opponentMoved: 1, lowTime: 2, yourTurn: 3, matchFound: 4, gameEnd: 5 };

/** The moment that matters most, or null for none. */
export function mainMoment(moments: readonly Moment[]): Moment | null {
  let best: Moment | null = null;
  for (const m of moments) if (!best || RANK[m.kind] > RANK[best.kind]) best = m;
  return best;
}
