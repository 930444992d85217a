import { ArraySchema, MapSchema, Schema, type, view } from "@colyseus/schema";
import { z } from "zod";
import { ErrorCode } from "../protocol/errors";
import { GameState, PlayerState } from "../schema/GameState";
import { chooseBotMove } from "./bot";
import type { GameDefinition } from "./definition";
import { DEFAULT_MAX_ROUNDS, DEFAULT_WINS_NEEDED, HANDS, rps, score, type Hand, type RpsState as Rules } from "./rps";

export class RpsPlayer extends PlayerState {
  /** Rounds won. */
  @type("uint8") score = 0;
  /** This player has chosen this round (the hand itself stays hidden). */
  @type("boolean") chosen = false;
  /** This round's hand, seen only by its owner (through a StateView) until the reveal. */
  @view() @type("string") hand = "";
}

export class RpsRoundState extends Schema {
  @type("string") hand0 = "";
  @type("string") hand1 = "";
  /** Seat that took the round, -1 for a tie. */
  @type("int8") winner = -1;
}

export class RpsState extends GameState {
  @type({ map: RpsPlayer }) players = new MapSchema<RpsPlayer>();
  /** 1-based number of the round being played. */
  @type("uint8") round = 1;
  @type("uint8") winsNeeded = 2;
  @type("uint8") maxRounds = 9;
  /** Revealed rounds, oldest first. */
  @type([RpsRoundState]) rounds = new ArraySchema<RpsRoundState>();
}

/** Whether `seat` has chosen this round, in the decoded state. */
function chosen(view: any, seat: number): boolean {
  for (const player of view.players.values()) if (player.seat === seat) return player.chosen;
  return false;
}

const chooseSchema = z.object({ hand: z.enum(HANDS) }).strict();

export const rpsGame: GameDefinition<Rules, Hand, RpsState, RpsPlayer> = {
  name: "rps",
  title: "Rock paper scissors",
  rules: rps,
  clock: { env: "RPS_ROUND_MS", default: 20_000, doc: "Time per RPS round." },
  startsNewTurn: (prev, next) => next.rounds.length !== prev.rounds.length,
  ruleOptions: {
    winsNeeded: { env: "RPS_WINS_NEEDED", default: DEFAULT_WINS_NEEDED, doc: "Round wins that take an RPS match." },
    maxRounds: { env: "RPS_MAX_ROUNDS", default: DEFAULT_MAX_ROUNDS, doc: "Rounds after which an RPS match ends (leader wins, level is a draw)." },
  },
  winReason: "rounds",
  move: { type: "choose", schema: chooseSchema, toMove: (payload: z.infer<typeof chooseSchema>) => payload.hand },
  errors: [ErrorCode.ALREADY_CHOSEN],
  schema: {
    createState: () => new RpsState(),
    createPlayer: () => new RpsPlayer(),
    hidesChoices: true,
    sync(state, game, playerOf) {
      state.winsNeeded = game.winsNeeded;
      state.maxRounds = game.maxRounds;
      const [s0, s1] = score(game);
      for (const seat of [0, 1] as const) {
        const player = playerOf(seat);
        player.score = seat === 0 ? s0 : s1;
        player.chosen = game.pending[seat] !== null;
        // Only the owner's StateView carries `hand`; everyone sees both hands in `rounds` after the reveal.
        player.hand = game.pending[seat] ?? "";
      }
      for (let i = state.rounds.length; i < game.rounds.length; i++) {
        const round = new RpsRoundState();
        round.hand0 = game.rounds[i].hands[0];
        round.hand1 = game.rounds[i].hands[1];
        round.winner = game.rounds[i].winner ?? -1;
        state.rounds.push(round);
      }
      state.round = Math.min(game.rounds.length + 1, game.maxRounds);
    },
  },
  bot: (state, seat, random, strength) => chooseBotMove(rps, state, seat, random, strength),
  client: {
    myTurn: (view, seat) => !chosen(view, seat),
    randomMove(view, seat, random) {
      const rounds = view.rounds.length;
      const payload = { hand: HANDS[Math.floor(random() * HANDS.length)] };
      return { payload, played: (now) => chosen(now, seat) || now.rounds.length > rounds || now.status !== "playing" };
    },
  },
};
