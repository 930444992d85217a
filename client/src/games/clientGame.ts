import type Phaser from "phaser";
import type { GameName } from "../../../games/registry";
import type { GameRules } from "../../../games/types";
import type { GameView, PlayerView } from "./view";
import type { RecordedMove, StoredMatch } from "../net/api";
import type { ReplayStep } from "./replaySteps";

/** The board's own design area: x 0..720, y BOARD_TOP..BOARD_TOP + BOARD_HEIGHT (the scenes keep the old screen's coordinates). */
export const BOARD_WIDTH = 720;
export const BOARD_HEIGHT = 580;
export const BOARD_TOP = 300;

/** A game's board on the replay screen. */
export interface ReplayBoard {
  /** Draws the position after the match's first `moves` moves. */
  show(moves: number): void;
}

/**
 * One control over the board: a real button laid over what the canvas draws there, so a click, a tap, Tab and
 * Enter, and a screen reader all reach it (docs/client.md, "Keyboard").
 */
export interface BoardControl<Move = unknown> {
  /** The test hook's name for it: `cell:4`, `hand:rock`, `column:3`. */
  name: string;
  /** What a screen reader says: "Centre, empty", "Rock", "Column 4, 2 free". */
  label: string;
  /** Visible text on it (the RPS hands), if any. */
  caption?: string;
  move: Move;
  enabled: boolean;
  /** Shown as chosen (the hand picked this round). */
  pressed?: boolean;
  /** Its area, centre and size, in board design units. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a game's board scene is given to draw. */
export interface BoardInput<V extends GameView = GameView> {
  view: V;
  mySeat: number;
  spectating: boolean;
}

/** The Phaser side of a game, loaded on demand (so the first screen never waits for Phaser). */
export interface BoardModule<V extends GameView = GameView, Move = unknown> {
  /** Its live board: a Phaser scene drawing `BoardInput`s. */
  createScene(): BoardSceneLike<V, Move>;
  createReplayBoard(scene: Phaser.Scene, match: StoredMatch): ReplayBoard;
}

export interface BoardSceneLike<V extends GameView = GameView, Move = unknown> extends Phaser.Scene {
  show(input: BoardInput<V>): void;
  /** The move under the pointer or the keyboard focus (Connect Four's ghost piece), or null. */
  preview(move: Move | null): void;
  whenReady(): Promise<void>;
}

export interface Change {
  /** In words, for the screen reader: "Bob (O) takes the centre". */
  text: string;
  /** A move by the other side (the sound of the opponent's move), as opposed to mine or a reveal. */
  byOpponent: boolean;
}

/**
 * Everything about one game that differs on the client. The lobby, the game screen's shared parts, the replay
 * and the result screen read a game from here and never name one (client/src/games/registry.ts lists them).
 * `Move` is what the board plays: a cell, a hand, a column. Nothing here imports Phaser; `loadBoard` brings it.
 */
export interface ClientGame<V extends GameView = any, Move = any> {
  readonly name: GameName;
  /** The game screen's header, the Play tab, private codes, the replay's header. */
  readonly title: string;
  /** Where room is short: Watch and History rows, the Leaders switch, private-code buttons. */
  readonly shortTitle: string;
  /** What each seat plays as (X and O, red and yellow), or null when the seats look alike. */
  readonly sides: readonly [string, string] | null;
  /** Its own end reasons in words (the win reason of its definition); the shared ones are in REASONS. */
  readonly reasons: Readonly<Record<string, string>>;
  /** Keys (KeyboardEvent.key, lower case) to the move each plays. */
  readonly keys: Readonly<Record<string, Move>>;
  /** The keys in words, for the keyboard help under the board. */
  readonly keyHelp: string;
  /** The arrow keys move between the board's controls as in a grid this many wide. */
  readonly gridColumns: number;
  /** What running out of time costs, said before it happens and on the result screen. */
  readonly timeoutRule: string;
  /** Its Phaser board and replay board (a separate chunk, fetched when a game or a replay is first shown). */
  loadBoard(): Promise<BoardModule<V, Move>>;
  /** The buttons over the board, with what each would play. */
  controls(view: V, mySeat: number): BoardControl<Move>[];
  /** The message that asks for a move. */
  message(move: Move): { type: string; payload: unknown };
  /** Why the rules would refuse this move now, or null: a hint that saves a round trip; the server judges. */
  refusal(view: V, mySeat: number, move: Move): string | null;
  /** Counts the turns (moves made) or rounds (rounds revealed) so far: a new number is a new turn for the clock and the sounds. */
  turnNumber(view: V): number;
  /** Whether this seat has something to do now (its turn, or a hand still to pick). */
  mustAct(view: V, mySeat: number): boolean;
  /** "Your turn (X)", "Bob to move (O)", "Round 2 · first to 2" while playing. */
  playingStatus(view: V, mySeat: number): string;
  /** A second status line while playing, if the game has one: who has chosen in RPS. */
  statusDetail?(view: V, mySeat: number): string;
  /** A player's card: mark or score. */
  playerDetail(player: PlayerView, view: V): string;
  /** Lines under the board (the rounds so far), or none. */
  notes(view: V, mySeat: number): string[];
  /** Where a timeout happened, said after "Bob ran out of time": " in round 3, before picking a hand". */
  timeoutDetail?(view: V, loserSeat: number): string;
  /** What happened between two states, in words. */
  changes(prev: V, next: V, mySeat: number): Change[];
  /** One recorded move in words for the replay, e.g. "Ann takes the centre". */
  describeMove(move: RecordedMove, player: string): string;
  /**
   * The replay's steps, the start first: a move each in a game of turns, a whole round each in RPS
   * (client/src/games/replaySteps.ts). Step i shows the position after `steps[i].moves` moves.
   */
  replaySteps(match: StoredMatch): ReplayStep[];
}

/** Why a game ended, in words, for the end reasons every game shares (listed in docs/protocol.md §4). */
export const REASONS: Readonly<Record<string, string>> = {
  draw: "draw",
  resign: "resigned",
  timeout: "ran out of time",
  abandoned: "left and did not come back",
  no_show: "a player never arrived",
  shutdown: "the server stopped",
  crash: "the server stopped unexpectedly",
};

export function reasonInWords(game: ClientGame, reason: string): string {
  return game.reasons[reason] ?? REASONS[reason] ?? reason;
}

/**
 * The position after a stored match's first `step` moves, replayed with the game's pure rules under the options
 * it was played with (`match.options`; older matches have none and get the defaults).
 */
export function positionAfter<S, M>(rules: GameRules<S, M, any>, match: StoredMatch, step: number, toMove: (move: unknown) => M | null): S {
  let state = rules.initialState(match.options);
  for (const { seat, move } of match.moves.slice(0, step)) {
    const m = toMove(move);
    const next = m === null ? null : rules.apply(state, seat, m);
    if (next?.ok) state = next.state;
  }
  return state;
}

/** The player in a seat, by name, or "?" */
export function nameAt(view: GameView, seat: number): string {
  return Object.values(view.players).find((p) => p.seat === seat)?.name ?? "?";
}
