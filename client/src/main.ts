import Phaser from "phaser";
import { CLIENT_GAME_LIST } from "./games/registry";
import { BootScene } from "./scenes/BootScene";
import { LobbyScene } from "./scenes/LobbyScene";
import { NameScene } from "./scenes/NameScene";
import { NoticeScene } from "./scenes/NoticeScene";
import { ReplayScene } from "./scenes/ReplayScene";
import { installTestHook } from "./testHook";
import { COLORS, HEIGHT, WIDTH } from "./ui/theme";

const game = new Phaser.Game({
  type: Phaser.AUTO,
  parent: "game",
  backgroundColor: COLORS.background,
  // One portrait layout, scaled to fit: a phone shows it full width, a laptop letterboxes it.
  scale: { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_BOTH, width: WIDTH, height: HEIGHT },
  dom: { createContainer: true },
  // Each game's screen is built with its own module; the notices come last, drawn over every screen.
  scene: [BootScene, NameScene, LobbyScene, ...CLIENT_GAME_LIST.map((game) => new game.scene(game)), ReplayScene, NoticeScene],
});

installTestHook(game);
