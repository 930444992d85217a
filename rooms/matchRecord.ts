import type { GameName } from "../games/registry";
import type { Outcome, Seat } from "../games/types";
import type { EndReason, MatchResult, RecordedMove } from "../store/types";
import type { SeatSpec } from "./deps";

export type FinalOutcome = Exclude<Outcome, { kind: "ongoing" }>;

/**
 * A match as it is played: when it started and its moves, closed into the result for the store exactly once,
 * whichever way it ends first (a move, resign, a clock, a drop, a shutdown). Time is passed in.
 */
export class MatchRecord<M = unknown> {
  private moves: RecordedMove<M>[] = [];
  private startedAt = 0;
  private closed = false;

  constructor(private readonly terms: MatchTerms) {}

  get ended(): boolean {
    return this.closed;
  }

  start(now: number) {
    this.startedAt = now;
  }

  move(seat: Seat, move: M, now: number) {
    this.moves.push({ seat, move, at: now - this.startedAt });
  }

  /**
   * The result, the first time only: null once the match has ended. A null outcome is an abort (nobody showed up,
   * or the server stopped): kept in history, counted for nobody.
   */
  end(outcome: FinalOutcome | null, reason: EndReason, now: number): MatchResult | null {
    if (this.closed) return null;
    this.closed = true;
    const { matchId, game, seats, rated, options } = this.terms;
    const aborted = !outcome;
    return {
      matchId,
      game,
      players: seats.map((s) => ({ playerId: s.playerId, name: s.name })),
      winner: outcome?.kind === "win" ? seats[outcome.winner].playerId : null,
      reason,
      aborted,
      rated: rated && !aborted && !seats.some((s) => s.bot),
      moves: this.moves.map((m) => ({ seat: m.seat, move: m.move, at: m.at })),
      options,
      // A match that never started lasted no time.
      startedAt: this.startedAt || now,
      endedAt: now,
    };
  }
}

/** What a match is, fixed when its room is created. */
export interface MatchTerms {
  matchId: string;
  game: GameName;
  seats: readonly [SeatSpec, SeatSpec];
  /** As arranged; the result is rated only if the match also ended properly and no bot sat in it. */
  rated: boolean;
  /** The rule options it is played with; stored with the result, so that a replay uses them. */
  options: Record<string, number>;
}
