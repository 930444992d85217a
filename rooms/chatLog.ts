import { CHAT_HISTORY_LINES, type ChatChannel, type ChatHistoryMessage, type ChatMessage } from "../protocol/chat";

/** A room member's part in the chat: a player of this match (however they joined) or a spectator. */
export type ChatRole = "player" | "spectator";

/** What decides which lines a member may see. */
export interface ChatReader {
  playerId: string;
  role: ChatRole;
  /** Chat off: quick phrases only. */
  chatOff: boolean;
  /** Players whose lines this reader never receives. */
  muted: ReadonlySet<string>;
}

/** Where a member's own lines go. */
export function channelOf(role: ChatRole): ChatChannel {
  return role === "player" ? "players" : "spectators";
}

/** The channels a member may read: the players their own; the spectators theirs, which the players get once the game has ended. */
export function channelsFor(role: ChatRole, ended: boolean): ChatChannel[] {
  if (role === "spectator") return ["spectators"];
  return ended ? ["players", "spectators"] : ["players"];
}

/** Whether `reader` may receive `line` now. The hidden-information rule of the chat, in one place. */
export function maySee(reader: ChatReader, line: ChatMessage, ended: boolean): boolean {
  if (!channelsFor(reader.role, ended).includes(line.channel)) return false;
  if (reader.muted.has(line.playerId)) return false;
  return !reader.chatOff || line.phrase !== null;
}

/** How many lines of each channel a room keeps: what history and reports are drawn from. */
export const CHAT_LOG_LINES = 100;

/** A room's chat: each channel's last lines, numbered from 1. Lives in the room's memory only. */
export class ChatLog {
  private readonly channels: Record<ChatChannel, ChatMessage[]> = { players: [], spectators: [] };
  private readonly nextSeq: Record<ChatChannel, number> = { players: 1, spectators: 1 };

  constructor(private readonly keep = CHAT_LOG_LINES) {}

  /** Numbers and keeps a line; the oldest of its channel goes past `keep`. */
  append(line: Omit<ChatMessage, "seq">): ChatMessage {
    const kept: ChatMessage = { ...line, seq: this.nextSeq[line.channel]++ };
    const lines = this.channels[line.channel];
    lines.push(kept);
    if (lines.length > this.keep) lines.shift();
    return kept;
  }

  lines(channel: ChatChannel): readonly ChatMessage[] {
    return this.channels[channel];
  }

  /** `chat:history` for each channel the reader may read: its last `count` lines the reader may see. */
  history(reader: ChatReader, ended: boolean, count = CHAT_HISTORY_LINES): ChatHistoryMessage[] {
    return channelsFor(reader.role, ended).map((channel) => ({ channel, lines: this.visible(reader, channel, ended, count) }));
  }

  /** The last `count` lines of a channel that the reader may see. */
  visible(reader: ChatReader, channel: ChatChannel, ended: boolean, count = CHAT_HISTORY_LINES): ChatMessage[] {
    return this.channels[channel].filter((line) => maySee(reader, line, ended)).slice(-count);
  }
}

/** How many received lines a member's receipts remember. */
export const CHAT_RECEIPTS = 2 * CHAT_LOG_LINES;

/** The lines one member was sent (live or in a history), each once: what that member can report. */
export class ChatReceipts {
  private readonly byKey = new Map<string, ChatMessage>();

  constructor(private readonly keep = CHAT_RECEIPTS) {}

  note(line: ChatMessage) {
    const key = receiptKey(line.channel, line.seq);
    if (this.byKey.has(key)) return;
    this.byKey.set(key, line);
    if (this.byKey.size > this.keep) this.byKey.delete(this.byKey.keys().next().value!);
  }

  find(channel: ChatChannel, seq: number): ChatMessage | null {
    return this.byKey.get(receiptKey(channel, seq)) ?? null;
  }

  /** `line` and up to `before` received lines said before it, oldest first. */
  upTo(line: ChatMessage, before: number): ChatMessage[] {
    const earlier = this.ordered().filter((l) => compareLines(l, line) < 0);
    return [...earlier.slice(-before), line];
  }

  /** The last `count` received lines, oldest first. */
  last(count: number): ChatMessage[] {
    return this.ordered().slice(-count);
  }

  private ordered(): ChatMessage[] {
    return [...this.byKey.values()].sort(compareLines);
  }
}

/** Lines in the order they were said: by time, then the players' channel first, then seq. */
function compareLines(a: ChatMessage, b: ChatMessage): number {
  return a.at - b.at || (a.channel === b.channel ? a.seq - b.seq : a.channel === "players" ? -1 : 1);
}

function receiptKey(channel: ChatChannel, seq: number): string {
  return `${channel}:${seq}`;
}
