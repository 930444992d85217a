/**
 * The tab's title. Shown: "Parlor", or "<screen> · Parlor". Hidden, with something to say: "<attention> · Parlor"
 * ("Your turn · Parlor"), so a player in another tab sees it. Attention is for a hidden tab only: it is dropped when
 * the tab is shown again, and ignored while it is visible (the player sees the screen itself).
 * Nothing touches the DOM until the first call.
 */

export const APP_NAME = "Parlor";

let screen: string | null = null;
let attention: string | null = null;
let listening = false;

const hidden = () => document.visibilityState === "hidden";

/** The title for a screen title and an attention text, by whether the tab is hidden. */
export function titleFor(screenTitle: string | null, attentionText: string | null, tabHidden: boolean): string {
  const first = tabHidden && attentionText ? attentionText : screenTitle;
  return first ? `${first} · ${APP_NAME}` : APP_NAME;
}

function render() {
  if (!listening) {
    listening = true;
    document.addEventListener("visibilitychange", () => {
      if (!hidden()) attention = null;
      render();
    });
  }
  const title = titleFor(screen, attention, hidden());
  if (document.title !== title) document.title = title;
}

/** The screen shown, e.g. "Tic-tac-toe"; null for just "Parlor". */
export function setScreenTitle(text: string | null) {
  screen = text;
  render();
}

/** E.g. "Your turn", "You won"; null to stop asking. Kept only while the tab is hidden. */
export function setTitleAttention(text: string | null) {
  attention = text !== null && hidden() ? text : null;
  render();
}
