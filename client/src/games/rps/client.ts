import type { Hand } from "../../../../games/rps";
import type { ClientGame } from "../clientGame";
import { handWord } from "./hands";
import { RpsReplayBoard } from "./RpsReplayBoard";
import { RpsScene } from "./RpsScene";

export const rpsClient = {
  name: "rps",
  title: "Rock paper scissors",
  shortTitle: "RPS",
  sides: null,
  reasons: { rounds: "won on rounds" },
  keys: { r: "rock", p: "paper", s: "scissors" },
  scene: RpsScene,
  describeMove: (m, player) => `${player} chose ${handWord(String(m.move))}`,
  createReplayBoard: (scene, match) => new RpsReplayBoard(scene, match),
} satisfies ClientGame<Hand>;
