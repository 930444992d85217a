import { CHAT_MAX_CHARS, QUICK_PHRASES, type ChatSend, type QuickPhrase } from "../protocol/chat";
import { ErrorCode, gameError, type GameError } from "../protocol/errors";

// Control characters (but the white-space ones, which become spaces), and the invisible format characters that
// reorder or hide text (bidi overrides and isolates, zero-width spaces and joiners, the BOM, soft hyphen): a line
// shows what it says, in the order it says it.
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/gu;
const SPACES = /\s+/gu;

/** A line as it will be shown: NFC, invisible characters removed, every run of white space one space, trimmed. */
export function normaliseChatText(raw: string): string {
  return raw.normalize("NFC").replace(INVISIBLE, "").replace(SPACES, " ").trim();
}

/** Who is sending, as far as the line's own checks go. */
export interface ChatSender {
  chatOff: boolean;
  /** The operator's mute: refused until then (epoch ms); null when not muted. */
  mutedUntil: number | null;
}

export type CheckedLine = { ok: true; text: string; phrase: QuickPhrase | null } | { ok: false; error: GameError };

/**
 * Whether a (validated) `chat` payload may be said, and what it says: the operator's mute first (it holds for
 * phrases too), then a phrase as it is, or free text normalised, 1..CHAT_MAX_CHARS long, from a player with chat on.
 */
export function checkChatLine(send: ChatSend, sender: ChatSender, now: number): CheckedLine {
  if (sender.mutedUntil !== null && sender.mutedUntil > now) {
    return { ok: false, error: gameError(ErrorCode.CHAT_MUTED, `The operator has muted your chat until ${new Date(sender.mutedUntil).toISOString()}.`) };
  }
  if ("phrase" in send) return { ok: true, text: QUICK_PHRASES[send.phrase], phrase: send.phrase };
  const text = normaliseChatText(send.text);
  if (text.length === 0) return { ok: false, error: gameError(ErrorCode.BAD_MESSAGE, "text: a chat line needs some text.") };
  if (text.length > CHAT_MAX_CHARS) {
    return { ok: false, error: gameError(ErrorCode.CHAT_TOO_LONG, `A chat line is at most ${CHAT_MAX_CHARS} characters; this one has ${text.length}.`) };
  }
  if (sender.chatOff) {
    return { ok: false, error: gameError(ErrorCode.CHAT_OFF, "You have turned chat off: only quick phrases can be sent. Turn it on with chat:off { off: false }.") };
  }
  return { ok: true, text, phrase: null };
}

/** Keys a window holds before it forgets those that have gone quiet. */
const SWEEP_AT = 1024;

/**
 * At most `limit` events per key in any `windowMs` (a sliding window over the times of the accepted ones).
 * Refused attempts are not counted. Plain data and the caller's clock.
 */
export class RateWindow {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one event at `now` if the key is under its limit; otherwise when it may try again (epoch ms). */
  take(key: string, now: number): { ok: true } | { ok: false; retryAt: number } {
    if (this.times.size > SWEEP_AT) this.sweep(now);
    const recent = this.recent(key, now);
    if (recent.length >= this.limit) return { ok: false, retryAt: recent[0] + this.windowMs };
    recent.push(now);
    this.times.set(key, recent);
    return { ok: true };
  }

  /** Takes back an event counted at `at` (one whose action then failed). */
  release(key: string, at: number) {
    const times = this.times.get(key);
    const index = times?.lastIndexOf(at) ?? -1;
    if (index >= 0) times!.splice(index, 1);
    if (times?.length === 0) this.times.delete(key);
  }

  /** Forgets keys whose events have all left the window, so that a long-lived window stays small. */
  private sweep(now: number) {
    for (const [key, times] of this.times) if (times[times.length - 1] <= now - this.windowMs) this.times.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const times = this.times.get(key);
    if (!times) return [];
    const kept = times.filter((t) => t > now - this.windowMs);
    if (kept.length === 0) this.times.delete(key);
    return kept;
  }
}

/** "in 7 seconds", "in 3 minutes": how long until `retryAt`, rounded up, for an error's message. */
export function waitWords(retryAt: number, now: number): string {
  const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
  if (seconds < 120) return `in ${seconds} second${seconds === 1 ? "" : "s"}`;
  return `in ${Math.ceil(seconds / 60)} minutes`;
}
