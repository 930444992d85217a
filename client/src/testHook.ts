import { announced } from "./app/announce";
import { gameSession } from "./app/gameView";
import { route } from "./app/router";
import { canvasBoards } from "./board/canvasBoards";
import { notificationLog } from "./feedback/notify";
import { soundLog } from "./feedback/sounds";
import { connection } from "./net/connection";

/**
 * `window.parlorTest`: a small read-only view for end-to-end tests (docs/client.md). It tells where things are;
 * tests still click and type there with real pointer and keyboard events.
 */
export interface ParlorTestHook {
  /** The screen shown: boot, name, banned, lobby, replay, player, account, join, challenge, joining, or a game's name. */
  scene(): string;
  /** Named things on screen (`data-target` of the page, named objects of a board's canvas) → centre in page pixels. */
  targets(): Record<string, { x: number; y: number }>;
  /** Names of the visible things drawn highlighted: the cells of a winning line, on a game or replay board. */
  highlighted(): string[];
  /** Every visible text on screen: the page's, then the boards'. */
  texts(): string[];
  /** Texts drawn on a board's canvas with their rendered size in CSS px (no text may be under 14 px). */
  canvasTexts(): { text: string; px: number }[];
  /** Whether any board's game loop is running (they sleep when nothing moves). */
  boardsAwake(): boolean;
  /** The current game room's state as JSON, or null. */
  gameState(): unknown;
  gameRoomId(): string | null;
  /** Every notice shown so far, oldest first. */
  notices(): string[];
  /** Everything said in the live region so far, oldest first. */
  announced(): string[];
  player(): { playerId: string; name: string } | null;
  /** Every sound asked for so far (muted or not), oldest first. */
  soundLog(): { kind: string; muted: boolean; at: number }[];
  /** Every browser notification shown so far, oldest first. */
  notificationLog(): { kind: string; title: string; body: string; at: number }[];
}

function shown(el: Element): boolean {
  const rect = el.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0) return false;
  const style = getComputedStyle(el);
  return style.visibility !== "hidden" && style.display !== "none" && !el.closest(".visually-hidden, [aria-hidden='true']");
}

export function installTestHook() {
  let screen = "boot";
  const hook: ParlorTestHook & { setScreen(s: string): void } = {
    setScreen: (s) => (screen = s),
    scene() {
      const r = route.get();
      if (screen === "boot" || screen === "name" || screen === "banned") return screen;
      if (r.screen === "game") {
        const session = gameSession.get();
        return session?.roomId === r.roomId && session.view ? session.game : "joining";
      }
      return screen;
    },
    targets() {
      const out: Record<string, { x: number; y: number }> = {};
      for (const board of canvasBoards) Object.assign(out, board.targets());
      document.querySelectorAll("[data-target]").forEach((el) => {
        if (!shown(el)) return;
        const r = el.getBoundingClientRect();
        out[el.getAttribute("data-target")!] = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      return out;
    },
    highlighted() {
      const out: string[] = [];
      for (const board of canvasBoards) out.push(...board.highlighted());
      return out;
    },
    texts() {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.getElementById("app")!, NodeFilter.SHOW_ELEMENT);
      for (let el = walker.nextNode() as HTMLElement | null; el; el = walker.nextNode() as HTMLElement | null) {
        const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
        if (own && shown(el)) out.push(el.innerText.trim());
      }
      for (const board of canvasBoards) out.push(...board.texts().map((t) => t.text));
      return out;
    },
    canvasTexts: () => [...canvasBoards].flatMap((b) => b.texts()),
    boardsAwake: () => [...canvasBoards].some((b) => b.awake()),
    gameState: () => (connection.game?.state as { toJSON?: () => unknown } | undefined)?.toJSON?.() ?? null,
    gameRoomId: () => connection.game?.roomId ?? null,
    notices: () => [...connection.notices],
    announced: () => [...announced],
    player: () => connection.player,
    soundLog: () => soundLog.map((s) => ({ ...s })),
    notificationLog: () => notificationLog.map((n) => ({ ...n })),
  };
  (window as unknown as { parlorTest: ParlorTestHook }).parlorTest = hook;
  return hook;
}
