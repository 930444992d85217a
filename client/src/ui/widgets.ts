import Phaser from "phaser";
import { FONT, TEXT } from "./theme";

/** Drawing helpers for the boards' Phaser scenes (the page around them is DOM). */
export interface TextOptions {
  size?: number;
  color?: string;
  bold?: boolean;
  align?: "left" | "center" | "right";
  wrap?: number;
}

export function label(scene: Phaser.Scene, x: number, y: number, text: string, options: TextOptions = {}): Phaser.GameObjects.Text {
  const t = scene.add.text(x, y, text, {
    fontFamily: FONT,
    fontSize: `${options.size ?? 26}px`,
    color: options.color ?? TEXT.normal,
    fontStyle: options.bold ? "bold" : "normal",
    align: options.align ?? "left",
    wordWrap: options.wrap ? { width: options.wrap } : undefined,
  });
  const originX = options.align === "center" ? 0.5 : options.align === "right" ? 1 : 0;
  return t.setOrigin(originX, 0.5);
}

export function panel(scene: Phaser.Scene, x: number, y: number, width: number, height: number, color: number): Phaser.GameObjects.Rectangle {
  return scene.add.rectangle(x, y, width, height, color).setStrokeStyle(2, 0x3d4a66);
}
