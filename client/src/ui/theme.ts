/** Design size: every scene lays out in these units and Phaser scales the canvas to the screen. */
export const WIDTH = 720;
export const HEIGHT = 1080;

export const COLORS = {
  background: 0x141a26,
  panel: 0x1f2738,
  panelLight: 0x2a3550,
  border: 0x3d4a66,
  accent: 0xf2b84b,
  good: 0x4cc38a,
  bad: 0xe5604d,
  muted: 0x6b7894,
  /** A cell I can play: lit, and outlined in the accent. */
  playable: 0x3d5288,
  /** A cell I cannot play on my turn: darker than an idle cell, so the two never look alike. */
  dimmed: 0x161b26,
};

export const TEXT = {
  normal: "#f3f5fa",
  muted: "#9aa6c1",
  accent: "#f2b84b",
  good: "#4cc38a",
  bad: "#e5604d",
  dark: "#141a26",
};

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

export function css(color: number): string {
  return `#${color.toString(16).padStart(6, "0")}`;
}
