import type { BoardModule } from "../clientGame";
import { RpsBoard } from "./RpsBoard";
import { RpsReplayBoard } from "./RpsReplayBoard";
import type { RpsView } from "./view";

export const rpsBoard: BoardModule<RpsView, string> = {
  createScene: () => new RpsBoard(),
  createReplayBoard: (scene, match) => new RpsReplayBoard(scene, match),
};
