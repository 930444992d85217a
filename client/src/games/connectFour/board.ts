import type { BoardModule } from "../clientGame";
import { ConnectFourBoard } from "./ConnectFourBoard";
import { ConnectFourReplayBoard } from "./ConnectFourReplayBoard";
import type { ConnectFourView } from "./view";

export const connectFourBoard: BoardModule<ConnectFourView, number> = {
  createScene: () => new ConnectFourBoard(),
  createReplayBoard: (scene, match) => new ConnectFourReplayBoard(scene, match),
};
