import { z } from "zod";
import { HANDS, rps, score, type Hand, type RpsState as Rules } from "../games/rps";
import { RpsPlayer, RpsRoundState, RpsState } from "../schema/RpsState";
import { GameRoom } from "./GameRoom";

const chooseSchema = z.object({ hand: z.enum(HANDS) }).strict();

export class RpsRoom extends GameRoom<Rules, Hand, RpsState> {
  protected readonly rules = rps;
  protected readonly winReason = "rounds";
  protected readonly hidesChoices = true;
  protected readonly moveMessage = {
    type: "choose",
    schema: chooseSchema,
    toMove: (payload: z.infer<typeof chooseSchema>) => payload.hand,
  };

  onCreate(options: Parameters<GameRoom<Rules, Hand, RpsState>["onCreate"]>[0]): Promise<void> {
    const config = options.deps?.config;
    options.ruleOptions = {
      winsNeeded: config?.rpsWinsNeeded,
      maxRounds: config?.rpsMaxRounds,
      ...options.ruleOptions,
    };
    return super.onCreate(options);
  }

  protected createState() {
    return new RpsState();
  }

  protected createPlayer() {
    return new RpsPlayer();
  }

  protected syncState(game: Rules) {
    this.state.winsNeeded = game.winsNeeded;
    this.state.maxRounds = game.maxRounds;
    const [s0, s1] = score(game);
    for (const seat of [0, 1] as const) {
      const player = this.playerStateOf(seat) as RpsPlayer;
      player.score = seat === 0 ? s0 : s1;
      player.chosen = game.pending[seat] !== null;
      // Only the owner's StateView carries `hand`; everyone sees both hands in `rounds` after the reveal.
      player.hand = game.pending[seat] ?? "";
    }
    for (let i = this.state.rounds.length; i < game.rounds.length; i++) {
      const round = new RpsRoundState();
      round.hand0 = game.rounds[i].hands[0];
      round.hand1 = game.rounds[i].hands[1];
      round.winner = game.rounds[i].winner ?? -1;
      this.state.rounds.push(round);
    }
    this.state.round = Math.min(game.rounds.length + 1, game.maxRounds);
  }

  protected startsNewTurn(prev: Rules, next: Rules) {
    return next.rounds.length !== prev.rounds.length;
  }
}
