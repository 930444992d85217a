import Phaser from "phaser";
import { COLORS, FONT, TEXT, WIDTH } from "./theme";

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

export interface ButtonOptions {
  width?: number;
  height?: number;
  size?: number;
  color?: number;
  textColor?: string;
  /** A texture shown above the caption, `iconSize` px square. */
  icon?: string;
  iconSize?: number;
}

/**
 * A clickable rectangle with a label. Its `name` is what the test hook (see testHook.ts) reports,
 * so end-to-end tests find it and click it with real pointer events.
 */
export class Button extends Phaser.GameObjects.Container {
  private readonly box: Phaser.GameObjects.Rectangle;
  private readonly text: Phaser.GameObjects.Text;
  private enabled = true;
  private readonly color: number;

  constructor(scene: Phaser.Scene, x: number, y: number, name: string, caption: string, onClick: () => void, options: ButtonOptions = {}) {
    super(scene, x, y);
    const width = options.width ?? 300;
    const height = options.height ?? 72;
    this.color = options.color ?? COLORS.panelLight;
    this.box = scene.add.rectangle(0, 0, width, height, this.color).setStrokeStyle(2, COLORS.border);
    const size = options.size ?? 26;
    this.text = label(scene, 0, 0, caption, { size, align: "center", bold: true, color: options.textColor ?? TEXT.normal });
    this.add([this.box, this.text]);
    if (options.icon) {
      const iconSize = options.iconSize ?? height - size - 24;
      const top = -height / 2 + 8;
      this.add(scene.add.image(0, top + iconSize / 2, options.icon).setDisplaySize(iconSize, iconSize));
      this.text.setY(top + iconSize + 4 + size / 2);
    }
    this.setName(name);
    this.setSize(width, height);
    this.box.setInteractive({ useHandCursor: true });
    this.box.on("pointerover", () => this.enabled && this.box.setStrokeStyle(3, COLORS.accent));
    this.box.on("pointerout", () => this.box.setStrokeStyle(2, COLORS.border));
    // On the press, not the release: a screen that re-renders between the two (a lobby patch, a leaderboard
    // arriving) replaces the button, and Phaser does not hit-test the new one until its next frame, so a
    // release would land on nothing and the click would be lost.
    this.box.on("pointerdown", () => {
      if (this.enabled && this.visible) onClick();
    });
    scene.add.existing(this);
  }

  setCaption(caption: string): this {
    this.text.setText(caption);
    return this;
  }

  setEnabled(enabled: boolean): this {
    this.enabled = enabled;
    this.setAlpha(enabled ? 1 : 0.4);
    return this;
  }

  isEnabled(): boolean {
    return this.enabled;
  }
}

export function button(scene: Phaser.Scene, x: number, y: number, name: string, caption: string, onClick: () => void, options?: ButtonOptions): Button {
  return new Button(scene, x, y, name, caption, onClick, options);
}

export function panel(scene: Phaser.Scene, x: number, y: number, width: number, height: number, color = COLORS.panel): Phaser.GameObjects.Rectangle {
  return scene.add.rectangle(x, y, width, height, color).setStrokeStyle(2, COLORS.border);
}

/** m:ss for a countdown. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : `${n}`;
}

/** `count` equal boxes side by side across `width` (centred on the screen): each one's width and centre x. */
export function spread(count: number, width = WIDTH - 60, gap = 12): { width: number; x: (i: number) => number } {
  const each = (width - gap * (count - 1)) / count;
  const left = (WIDTH - width) / 2;
  return { width: each, x: (i) => left + i * (each + gap) + each / 2 };
}

/** An HTML text input over the canvas (Phaser scales and places it); `id` is how pages and tests find it. */
export function textInput(
  scene: Phaser.Scene,
  x: number,
  y: number,
  options: { id: string; placeholder: string; maxLength: number; width: number; onEnter: (input: HTMLInputElement) => void },
): Phaser.GameObjects.DOMElement {
  const input = document.createElement("input");
  input.id = options.id;
  input.className = "parlor";
  input.placeholder = options.placeholder;
  input.maxLength = options.maxLength;
  input.autocomplete = "off";
  input.style.width = `${options.width}px`;
  input.addEventListener("keydown", (e) => e.key === "Enter" && options.onEnter(input));
  return scene.add.dom(x, y, input);
}
