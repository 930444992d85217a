import type { z } from "zod";
import type { ErrorCode } from "../protocol/errors";
import type { EndReason } from "../protocol/wire";
import type { GameState, PlayerState } from "../schema/GameState";
import type { GameRules, Seat } from "./types";

/** A number setting of a game, read from env by base/config.ts; docs/operations.md lists each. */
export interface GameSetting {
  env: string;
  default: number;
  /** One line for docs/operations.md. */
  doc: string;
}

/**
 * Everything that differs between games on the server, in one value. The room (rooms/GameRoom.ts), the lobby,
 * the store, the config, the metrics and the bots all read a game from here and never name one.
 */
export interface GameDefinition<S = any, M = any, St extends GameState = any, P extends PlayerState = any> {
  /** The room name and the `game` field everywhere (protocol, store, API). */
  readonly name: string;
  readonly title: string;
  /** The pure rules (games/<game>.ts). */
  readonly rules: GameRules<S, M>;
  /** The clock: how long a turn (or an RPS round) may take. */
  readonly clock: GameSetting;
  /** Whether the clock restarts between `prev` and `next` (a new turn or round). */
  startsNewTurn(prev: S, next: S): boolean;
  /** The options its rules take (`rules.initialState(options)`), each with its env and default. */
  readonly ruleOptions: Readonly<Record<string, GameSetting>>;
  /** The reason recorded when the rules end the game with a win. */
  readonly winReason: EndReason;
  /** The client message that carries a move, its validator, and how a valid payload becomes a move. */
  readonly move: { readonly type: string; readonly schema: z.ZodType<unknown>; toMove(payload: any): M };
  /** The codes its rules may answer a move with, besides the shared ones (docs/protocol.md lists them per game). */
  readonly errors: readonly ErrorCode[];
  /** Its state as clients receive it, and how the rules state maps onto it. */
  readonly schema: {
    createState(): St;
    createPlayer(): P;
    /** Whether the player schema has @view() fields that only their owner may see (an RPS hand). */
    readonly hidesChoices: boolean;
    /** Copies rules state into the schema; called after every accepted move. */
    sync(state: St, game: S, playerOf: (seat: Seat) => P): void;
  };
  /** The server bot's move for `seat`; `strength` (BOT_STRENGTH, 0..1) and `random` as tests inject them. */
  bot(state: S, seat: Seat, random: () => number, strength: number): M | null;
  /**
   * For bots that play through the protocol (the load-test bots): from the decoded state as a client sees it,
   * whether `seat` is to move, and a legal move's message payload.
   */
  readonly client: {
    myTurn(view: any, seat: Seat): boolean;
    /** A random legal move: the message payload, and whether a later state shows it played (its round trip's end). */
    randomMove(view: any, seat: Seat, random: () => number): { payload: unknown; played(view: any): boolean } | null;
  };
}
