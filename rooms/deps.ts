import type { Config } from "../base/config";
import type { MatchResult, RecordOutcome, Store } from "../store/types";

/** Time, injected so that tests can drive clocks. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A player as a game room seats them. */
export interface SeatSpec {
  playerId: string;
  name: string;
  rating: number;
  bot?: boolean;
}

/** What rooms need from the rest of the server, passed in at define time. */
export interface RoomDeps {
  store: Store;
  config: Config;
  clock: Clock;
  random: () => number;
  /** A per-process secret that proves a game room was created by the server. */
  grant: string;
  /** The result sink: called exactly once per match. */
  recordResult(result: MatchResult): Promise<RecordOutcome>;
}
