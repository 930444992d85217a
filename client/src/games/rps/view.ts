import type { GameView, PlayerView } from "../view";

export interface RpsView extends GameView {
  players: Record<string, PlayerView & { score: number; chosen: boolean; hand: string }>;
  round: number;
  winsNeeded: number;
  maxRounds: number;
  rounds: { hand0: string; hand1: string; winner: number }[];
}

/** Where the three hands sit on the board (their buttons lie over them). */
export const HAND_Y = 760;
export const HAND_W = 210;
export const HAND_H = 150;
export const handX = (i: number) => 130 + i * 230;
export const REVEAL_Y = 460;
