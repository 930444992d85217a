import Phaser from "phaser";
import { BOARD_HEIGHT, BOARD_TOP, BOARD_WIDTH } from "../games/clientGame";
import { COLORS } from "../ui/theme";
import { canvasBoards, type CanvasBoard } from "./canvasBoards";

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

/**
 * A Phaser game that draws one board scene into `parent`, scaled to fit it (the page gives it the board's aspect
 * ratio). Input is off: the buttons over the board take clicks, taps and keys. Returns a function that removes it.
 */
export function mountBoard(parent: HTMLElement, scene: Phaser.Scene): () => void {
  const game = new Phaser.Game({
    type: Phaser.AUTO,
    parent,
    backgroundColor: COLORS.background,
    scale: { mode: Phaser.Scale.FIT, width: BOARD_WIDTH, height: BOARD_HEIGHT },
    input: { keyboard: false, mouse: false, touch: false, gamepad: false },
    banner: false,
    scene: [scene],
  });
  const toPage = (x: number, y: number) => {
    const rect = game.canvas.getBoundingClientRect();
    return { x: rect.left + (x * rect.width) / BOARD_WIDTH, y: rect.top + ((y - BOARD_TOP) * rect.height) / BOARD_HEIGHT, scale: rect.width / BOARD_WIDTH };
  };
  const objects = () => {
    const out: Phaser.GameObjects.GameObject[] = [];
    for (const s of game.scene.getScenes(true)) walk(s.children.list, (o) => visible(o) && out.push(o));
    return out;
  };
  const board: CanvasBoard = {
    targets() {
      const out: Record<string, { x: number; y: number }> = {};
      if (!game.canvas) return out;
      for (const o of objects()) {
        if (!o.name || !("getBounds" in o)) continue;
        const b = (o as unknown as { getBounds(): Phaser.Geom.Rectangle }).getBounds();
        const p = toPage(b.centerX, b.centerY);
        out[o.name] = { x: p.x, y: p.y };
      }
      return out;
    },
    highlighted: () => objects().filter((o) => o.name && o.getData("highlighted") === true).map((o) => o.name),
    texts() {
      if (!game.canvas) return [];
      const scale = toPage(0, 0).scale;
      return objects()
        .filter((o): o is Phaser.GameObjects.Text => o instanceof Phaser.GameObjects.Text && !!o.text)
        .map((t) => ({ text: t.text, px: (parseFloat(String(t.style.fontSize)) || 0) * t.scale * scale }));
    },
    awake: () => game.loop.running,
  };
  canvasBoards.add(board);
  return () => {
    canvasBoards.delete(board);
    game.destroy(true);
  };
}
