import Phaser from "phaser";
import { HANDS, type Hand } from "../../../../games/rps";

export { HAND_WORDS, handWord } from "./words";

/** Texture key of a hand's picture; see ensureHandTextures. */
export const handTexture = (hand: Hand | string) => `hand-${hand}`;

const SIZE = 128;
const SKIN = 0xf3d9b1;
const LINE = 0x6b4f33;

type Piece = (g: Phaser.GameObjects.Graphics, color: number, grow: number) => void;

/** A finger: a thick segment with round ends. */
const finger = (x1: number, y1: number, x2: number, y2: number, width: number): Piece => (g, color, grow) => {
  const w = width + grow * 2;
  g.lineStyle(w, color).lineBetween(x1, y1, x2, y2);
  g.fillStyle(color).fillCircle(x1, y1, w / 2).fillCircle(x2, y2, w / 2);
};

const palm = (x: number, y: number, w: number, h: number, r: number): Piece => (g, color, grow) => {
  g.fillStyle(color).fillRoundedRect(x - grow, y - grow, w + grow * 2, h + grow * 2, r + grow);
};

const knuckle = (x: number, y: number, r: number): Piece => (g, color, grow) => {
  g.fillStyle(color).fillCircle(x, y, r + grow);
};

/** Each hand as pieces drawn back to front; each piece gets a dark outline so fingers read apart. */
const PIECES: Record<Hand, Piece[]> = {
  rock: [
    palm(22, 44, 84, 62, 18),
    knuckle(36, 46, 13), knuckle(57, 42, 13), knuckle(78, 42, 13), knuckle(97, 48, 11),
    finger(30, 84, 74, 76, 18),
  ],
  paper: [
    finger(36, 66, 30, 20, 14), finger(54, 60, 52, 10, 14), finger(72, 60, 74, 12, 14), finger(88, 66, 94, 26, 13),
    palm(26, 54, 76, 58, 20),
    finger(30, 88, 12, 58, 15),
  ],
  scissors: [
    finger(52, 66, 30, 12, 14), finger(70, 66, 96, 14, 14),
    palm(32, 58, 66, 52, 18),
    knuckle(84, 64, 11), knuckle(94, 76, 10),
    finger(38, 92, 76, 86, 16),
  ],
};

/**
 * Draws the three hands once per game instance as textures (no image files to load), so the RPS pick
 * buttons and reveal cards show a picture, not only a word.
 */
export function ensureHandTextures(scene: Phaser.Scene) {
  for (const hand of HANDS) {
    const key = handTexture(hand);
    if (scene.textures.exists(key)) continue;
    const g = scene.make.graphics({ x: 0, y: 0 }, false);
    for (const piece of PIECES[hand]) {
      piece(g, LINE, 3);
      piece(g, SKIN, 0);
    }
    g.generateTexture(key, SIZE, SIZE);
    g.destroy();
  }
}

/** A hand's picture, `size` px square, centred on (x, y); draws the textures first if this game has none yet. */
export function handImage(scene: Phaser.Scene, x: number, y: number, hand: Hand, size: number): Phaser.GameObjects.Image {
  ensureHandTextures(scene);
  return scene.add.image(x, y, handTexture(hand)).setDisplaySize(size, size);
}
