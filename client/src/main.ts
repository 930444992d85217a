import Phaser from "phaser";
import { BootScene } from "./scenes/BootScene";
import { LobbyScene } from "./scenes/LobbyScene";
import { NameScene } from "./scenes/NameScene";
import { NoticeScene } from "./scenes/NoticeScene";
import { ReplayScene } from "./scenes/ReplayScene";
import { RpsScene } from "./scenes/RpsScene";
import { TicTacToeScene } from "./scenes/TicTacToeScene";
import { installTestHook } from "./testHook";
import { COLORS, HEIGHT, WIDTH } from "./ui/theme";

const game = new Phaser.Game({
  type: Phaser.AUTO,
  parent: "game",
  backgroundColor: COLORS.background,
  // One portrait layout, scaled to fit: a phone shows it full width, a laptop letterboxes it.
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH, width: WIDTH, height: HEIGHT },
  dom: { createContainer: true },
  scene: [BootScene, NameScene, LobbyScene, TicTacToeScene, RpsScene, ReplayScene, NoticeScene],
});

installTestHook(game);
