/** What a mounted Phaser board tells the test hook (implemented in host.ts; kept here so the hook needs no Phaser). */
export interface CanvasBoard {
  /** Named objects drawn on the board → centre in page pixels. */
  targets(): Record<string, { x: number; y: number }>;
  /** Names of visible objects drawn highlighted (a winning line). */
  highlighted(): string[];
  /** Visible texts drawn on the canvas, with their rendered height in CSS px. */
  texts(): { text: string; px: number }[];
  /** Whether its game loop is running (it sleeps when nothing moves). */
  awake(): boolean;
}

export const canvasBoards = new Set<CanvasBoard>();
