import Phaser from "phaser";
import { connection } from "./net/connection";
import { HEIGHT, WIDTH } from "./ui/theme";

/**
 * `window.parlorTest`: a small read-only view for end-to-end tests (docs/client.md).
 * It tells where things are on the canvas; tests still click there with real pointer events.
 */
export interface ParlorTestHook {
  /** Key of the main screen shown: boot, name, lobby, replay, or a game's name (tictactoe, rps, connectfour). */
  scene(): string;
  /** Named objects on screen (cells `cell:0`…`cell:8`, hands `hand:rock`, buttons `btn:…`), centre in page pixels. */
  targets(): Record<string, { x: number; y: number }>;
  /** Names of the visible named objects drawn highlighted: the cells of a winning line, on a game or replay board. */
  highlighted(): string[];
  /** Every visible text on screen, top screen last. */
  texts(): string[];
  /** The current game room's state as JSON, or null. */
  gameState(): unknown;
  gameRoomId(): string | null;
  /** Every notice shown so far, oldest first. */
  notices(): string[];
  player(): { playerId: string; name: string } | null;
}

function visible(object: Phaser.GameObjects.GameObject): boolean {
  let o: any = object;
  while (o) {
    if (o.visible === false || o.alpha === 0) return false;
    o = o.parentContainer;
  }
  return true;
}

function walk(list: Phaser.GameObjects.GameObject[], visit: (o: Phaser.GameObjects.GameObject) => void) {
  for (const o of list) {
    visit(o);
    if (o instanceof Phaser.GameObjects.Container) walk(o.list, visit);
  }
}

export function installTestHook(game: Phaser.Game) {
  const activeScenes = () => game.scene.getScenes(true);
  const hook: ParlorTestHook = {
    scene: () => activeScenes().map((s) => s.scene.key).find((k) => k !== "notices") ?? "",
    targets() {
      const rect = game.canvas.getBoundingClientRect();
      const sx = rect.width / WIDTH;
      const sy = rect.height / HEIGHT;
      const out: Record<string, { x: number; y: number }> = {};
      for (const scene of activeScenes()) {
        walk(scene.children.list, (o) => {
          if (!o.name || !visible(o) || !("getBounds" in o)) return;
          const b = (o as unknown as { getBounds(): Phaser.Geom.Rectangle }).getBounds();
          out[o.name] = { x: rect.left + b.centerX * sx, y: rect.top + b.centerY * sy };
        });
      }
      return out;
    },
    highlighted() {
      const out: string[] = [];
      for (const scene of activeScenes()) walk(scene.children.list, (o) => o.name && visible(o) && o.getData("highlighted") === true && out.push(o.name));
      return out;
    },
    texts() {
      const out: string[] = [];
      for (const scene of activeScenes()) walk(scene.children.list, (o) => o instanceof Phaser.GameObjects.Text && visible(o) && o.text && out.push(o.text));
      return out;
    },
    gameState: () => (connection.game?.state as { toJSON?: () => unknown } | undefined)?.toJSON?.() ?? null,
    gameRoomId: () => connection.game?.roomId ?? null,
    notices: () => [...connection.notices],
    player: () => connection.player,
  };
  (window as unknown as { parlorTest: ParlorTestHook }).parlorTest = hook;
}
