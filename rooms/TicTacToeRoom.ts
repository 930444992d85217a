import { z } from "zod";
import { MARKS, ticTacToe, type TicTacToeState as Rules } from "../games/ticTacToe";
import { TicTacToePlayer, TicTacToeState } from "../schema/TicTacToeState";
import { GameRoom } from "./GameRoom";

const moveSchema = z.object({ cell: z.number().int().min(0).max(8) }).strict();

export class TicTacToeRoom extends GameRoom<Rules, number, TicTacToeState> {
  protected readonly rules = ticTacToe;
  protected readonly winReason = "line";
  protected readonly moveMessage = {
    type: "move",
    schema: moveSchema,
    toMove: (payload: z.infer<typeof moveSchema>) => payload.cell,
  };

  protected createState() {
    return new TicTacToeState();
  }

  protected createPlayer() {
    return new TicTacToePlayer();
  }

  protected syncState(game: Rules) {
    game.board.forEach((cell, i) => {
      const mark = cell ?? "";
      if (this.state.board[i] !== mark) this.state.board[i] = mark;
    });
    for (const seat of [0, 1] as const) {
      const player = this.playerStateOf(seat) as TicTacToePlayer;
      if (player.mark !== MARKS[seat]) player.mark = MARKS[seat];
    }
  }

  protected startsNewTurn() {
    return true;
  }
}
