import type { Client, Presence } from "@colyseus/core";
import { z } from "zod";
import { log } from "../base/log";
import {
  CHAT_CHANNELS,
  CHAT_LINES_PER_WINDOW,
  CHAT_WINDOW_MS,
  QUICK_PHRASE_KEYS,
  REPORT_NOTE_MAX_CHARS,
  REPORT_REASONS,
  REPORT_WINDOW_MS,
  type ChatMessage,
  type ChatMuteMessage,
  type ChatOffMessage,
  type ChatHistoryMessage,
  type ChatSend,
  type QuickPhrase,
  type ReportFiledMessage,
  type ReportMessage,
} from "../protocol/chat";
import { ErrorCode, gameError, type GameError } from "../protocol/errors";
import { parseMessage } from "../protocol/parseMessage";
import type { Store } from "../store/types";
import type { AuthData } from "./auth";
import { channelOf, ChatLog, ChatReceipts, maySee, type ChatReader, type ChatRole } from "./chatLog";
import { filterChatText } from "./chatFilter";
import { followModeration } from "./chatModeration";
import { checkChatLine, normaliseChatText, RateWindow, waitWords } from "./chatRules";
import type { Clock, SeatSpec } from "./deps";

/** Lines before a reported one that a report carries. */
export const REPORT_CONTEXT_LINES = 10;

// Reports filed per reporter from every game room of this process, one window per limit (REPORTS_PER_10_MIN).
const reportWindows = new Map<number, RateWindow>();

function reportWindow(limit: number): RateWindow {
  let window = reportWindows.get(limit);
  if (!window) reportWindows.set(limit, (window = new RateWindow(limit, REPORT_WINDOW_MS)));
  return window;
}

/** One connection to the room, as the chat knows it. A reconnection keeps its sessionId, and so its member. */
interface Member extends ChatReader {
  sessionId: string;
  client: Client | null;
  name: string;
  muted: Set<string>;
  mutedUntil: number | null;
  /** The player's preferences and operator mute have been read; until then nothing is sent to them. */
  loaded: boolean;
  ready: Promise<void>;
  receipts: ChatReceipts;
}

export interface RoomChatOptions {
  roomId: string;
  store: Store;
  clock: Clock;
  /** The match's two seats (bots included): who is a player here. */
  seats: readonly SeatSpec[];
  /** Reports one player may file in 10 minutes from the game rooms of this process (REPORTS_PER_10_MIN); 0 is unlimited. */
  reportsPer10Min: number;
  sendError(client: Client, error: GameError): void;
}

type Handler = (client: Client, payload: unknown) => void;

const chatSchema = z.union([z.object({ text: z.string() }).strict(), z.object({ phrase: z.enum(QUICK_PHRASE_KEYS as [QuickPhrase, ...QuickPhrase[]]) }).strict()], {
  errorMap: () => ({ message: `a chat line is { text } or { phrase } with one of ${QUICK_PHRASE_KEYS.join(", ")}` }),
});
const muteSchema = z.object({ playerId: z.string().min(1).max(100), muted: z.boolean() }).strict();
const offSchema = z.object({ off: z.boolean() }).strict();
const reportSchema = z
  .object({
    seq: z.number().int().min(1).optional(),
    channel: z.enum(CHAT_CHANNELS).optional(),
    reason: z.enum(REPORT_REASONS),
    note: z.string().max(REPORT_NOTE_MAX_CHARS).optional(),
  })
  .strict();

/**
 * A game room's chat: who is in it, the log, and every side effect (sends, the store, the limits), around the plain
 * parts (chatLog.ts, chatRules.ts, chatFilter.ts). The room tells it of joins, drops, reconnections and the end of
 * the game; chat never touches the room's state, so patches are unchanged.
 */
export class RoomChat {
  private readonly log = new ChatLog();
  private readonly members = new Map<string, Member>();
  /** Everyone who has been in this room: who can be muted from here. */
  private readonly everyone = new Set<string>();
  private readonly lineWindow = new RateWindow(CHAT_LINES_PER_WINDOW, CHAT_WINDOW_MS);
  private ended = false;
  private unfollow: (() => void) | null = null;
  private disposed = false;

  constructor(private readonly options: RoomChatOptions) {
    for (const seat of options.seats) this.everyone.add(seat.playerId);
  }

  /** The chat's messages, each with its validator beside its handler, for the room to register. */
  handlers(): Record<string, Handler> {
    return {
      chat: (client, payload) => this.withMember(client, chatSchema, payload, (member, send) => this.say(member, send)),
      "chat:mute": (client, payload) => this.withMember(client, muteSchema, payload, (member, change) => this.mute(member, change)),
      "chat:off": (client, payload) => this.withMember(client, offSchema, payload, (member, change) => this.turnOff(member, change)),
      report: (client, payload) => this.withMember(client, reportSchema, payload, (member, report) => this.report(member, report)),
    };
  }

  /** Follows the operator's actions (a mute is read again at once), until disposed. */
  async follow(presence: Presence) {
    const unfollow = await followModeration(presence, { playerChanged: (playerId) => this.playerChanged(playerId) });
    if (this.disposed) unfollow();
    else this.unfollow = unfollow;
  }

  // ---- the room's hooks ----

  joined(client: Client, auth: AuthData) {
    const role: ChatRole = this.options.seats.some((s) => !s.bot && s.playerId === auth.playerId) ? "player" : "spectator";
    const member: Member = {
      sessionId: client.sessionId,
      client,
      playerId: auth.playerId,
      name: auth.name,
      role,
      chatOff: false,
      muted: new Set(),
      mutedUntil: null,
      loaded: false,
      ready: Promise.resolve(),
      receipts: new ChatReceipts(),
    };
    member.ready = this.load(member);
    this.members.set(client.sessionId, member);
    this.everyone.add(auth.playerId);
  }

  /** A seated player's socket dropped; the seat (and this member) waits for them. */
  dropped(sessionId: string) {
    const member = this.members.get(sessionId);
    if (member) member.client = null;
  }

  /** The same session on a new connection: its history again, with what it missed. */
  reconnected(client: Client) {
    const member = this.members.get(client.sessionId);
    if (!member) return;
    member.client = client;
    if (member.loaded) this.sendHistory(member);
  }

  left(sessionId: string) {
    const member = this.members.get(sessionId);
    if (member) member.client = null;
    this.members.delete(sessionId);
  }

  /** From now on the players see the spectators' lines: their backlog first. */
  gameEnded() {
    if (this.ended) return;
    this.ended = true;
    for (const member of this.members.values()) {
      if (member.role !== "player" || !member.client || !member.loaded) continue;
      this.sendLines(member, { channel: "spectators", lines: this.log.visible(member, "spectators", true) });
    }
  }

  dispose() {
    this.disposed = true;
    this.unfollow?.();
    this.unfollow = null;
  }

  // ---- messages ----

  /** Parses a payload, waits for the member's preferences if they are still being read, then acts. */
  private withMember<S extends z.ZodTypeAny>(client: Client, schema: S, payload: unknown, act: (member: Member, value: z.output<S>) => void | Promise<void>) {
    const member = this.members.get(client.sessionId);
    if (!member) return;
    const parsed = parseMessage(schema, payload);
    if (!parsed.ok) return this.options.sendError(client, parsed.error);
    const run = () => Promise.resolve(act(member, parsed.value)).catch((error) => log.error({ err: error, roomId: this.options.roomId }, "chat handler failed"));
    if (member.loaded) void run();
    else void member.ready.then(run);
  }

  private say(member: Member, send: ChatSend) {
    const now = this.options.clock.now();
    const checked = checkChatLine(send, member, now);
    if (!checked.ok) return this.answerError(member, checked.error);
    const allowed = this.lineWindow.take(member.playerId, now);
    if (!allowed.ok) {
      return this.answerError(
        member,
        gameError(ErrorCode.CHAT_RATE_LIMITED, `At most ${CHAT_LINES_PER_WINDOW} chat lines in ${CHAT_WINDOW_MS / 1000} seconds; try again ${waitWords(allowed.retryAt, now)}.`),
      );
    }
    const text = checked.phrase === null ? filterChatText(checked.text) : checked.text;
    const line = this.log.append({ channel: channelOf(member.role), playerId: member.playerId, name: member.name, text, phrase: checked.phrase, at: now });
    for (const reader of this.members.values()) {
      if (!reader.client || !reader.loaded || !maySee(reader, line, this.ended)) continue;
      reader.client.send("chat", line satisfies ChatMessage);
      reader.receipts.note(line);
    }
  }

  private async mute(member: Member, change: ChatMuteMessage) {
    if (change.playerId === member.playerId) return this.answerError(member, gameError(ErrorCode.BAD_MESSAGE, "playerId: you cannot mute yourself."));
    if (!this.everyone.has(change.playerId)) {
      return this.answerError(member, gameError(ErrorCode.PLAYER_NOT_FOUND, "No player with that id has been in this room."));
    }
    // At once, before the store has it: no line of theirs reaches this player from now on.
    const apply = (muted: boolean) => this.forPlayer(member.playerId, (m) => (muted ? m.muted.add(change.playerId) : m.muted.delete(change.playerId)));
    const before = member.muted.has(change.playerId);
    apply(change.muted);
    try {
      await this.options.store.setMuted(member.playerId, change.playerId, change.muted, this.options.clock.now());
      this.answer(member, "chat:mute", change);
    } catch (error) {
      apply(before);
      log.warn({ err: error, roomId: this.options.roomId }, "keeping a mute failed");
      this.answerError(member, gameError(ErrorCode.UNAVAILABLE, "The mute could not be saved; nothing changed. Try again."));
    }
  }

  private async turnOff(member: Member, change: ChatOffMessage) {
    const before = member.chatOff;
    this.forPlayer(member.playerId, (m) => (m.chatOff = change.off));
    try {
      await this.options.store.setPreferences(member.playerId, { chatOff: change.off });
      this.answer(member, "chat:off", change);
    } catch (error) {
      this.forPlayer(member.playerId, (m) => (m.chatOff = before));
      log.warn({ err: error, roomId: this.options.roomId }, "keeping chat off failed");
      this.answerError(member, gameError(ErrorCode.UNAVAILABLE, "The setting could not be saved; nothing changed. Try again."));
    }
  }

  private async report(member: Member, report: ReportMessage) {
    let reportedId: string;
    let lines: ChatMessage[];
    if (report.seq !== undefined) {
      const line = member.receipts.find(report.channel ?? channelOf(member.role), report.seq);
      if (!line) return this.answerError(member, gameError(ErrorCode.LINE_NOT_FOUND, "You have not received a chat line with that seq in this room (or it is too old)."));
      if (line.playerId === member.playerId) return this.answerError(member, gameError(ErrorCode.BAD_MESSAGE, "seq: that line is your own."));
      reportedId = line.playerId;
      lines = member.receipts.upTo(line, REPORT_CONTEXT_LINES);
    } else {
      if (report.channel !== undefined) return this.answerError(member, gameError(ErrorCode.BAD_MESSAGE, "channel: names the channel of a line, with seq."));
      const seat = this.options.seats.findIndex((s) => !s.bot && s.playerId === member.playerId);
      if (seat < 0) return this.answerError(member, gameError(ErrorCode.NOT_A_PLAYER, "Only a player can report their opponent; report a line by its seq."));
      const opponent = this.options.seats[1 - seat];
      if (opponent.bot) return this.answerError(member, gameError(ErrorCode.BAD_MESSAGE, "Your opponent is a server bot; there is no one to report."));
      reportedId = opponent.playerId;
      lines = member.receipts.last(REPORT_CONTEXT_LINES);
    }
    const now = this.options.clock.now();
    const limit = this.options.reportsPer10Min;
    const reports = limit > 0 ? reportWindow(limit) : null;
    const allowed = reports?.take(member.playerId, now) ?? { ok: true };
    if (!allowed.ok) {
      return this.answerError(
        member,
        gameError(ErrorCode.REPORT_LIMITED, `At most ${limit} reports in ${REPORT_WINDOW_MS / 60_000} minutes; try again ${waitWords(allowed.retryAt, now)}.`),
      );
    }
    try {
      const id = await this.options.store.fileReport({
        reporterId: member.playerId,
        reportedId,
        reason: report.reason,
        note: normaliseChatText(report.note ?? ""),
        roomId: this.options.roomId,
        matchId: this.options.roomId,
        lines,
        at: now,
      });
      this.answer(member, "report:filed", { id } satisfies ReportFiledMessage);
    } catch (error) {
      reports?.release(member.playerId, now);
      log.warn({ err: error, roomId: this.options.roomId }, "filing a report failed");
      this.answerError(member, gameError(ErrorCode.UNAVAILABLE, "The report could not be filed; nothing was kept. Try again."));
    }
  }

  // ---- small pieces ----

  /** Reads the member's preferences and operator mute, then sends its history. Never rejects. */
  private async load(member: Member): Promise<void> {
    try {
      const [preferences, player] = await Promise.all([this.options.store.preferences(member.playerId), this.options.store.getPlayer(member.playerId)]);
      member.chatOff = preferences.chatOff;
      for (const id of preferences.muted) member.muted.add(id);
      member.mutedUntil = player?.chatMutedUntil ?? null;
    } catch (error) {
      log.warn({ err: error, roomId: this.options.roomId, playerId: member.playerId }, "reading chat preferences failed; using the defaults");
    }
    member.loaded = true;
    if (member.client) this.sendHistory(member);
  }

  /**
   * The operator acted on a player, or the player changed their preferences over HTTP: read their operator mute,
   * shown name, chat off and mutes again, if they are here.
   */
  private playerChanged(playerId: string) {
    const here = [...this.members.values()].filter((m) => m.playerId === playerId);
    if (here.length === 0) return;
    void Promise.all([this.options.store.getPlayer(playerId), this.options.store.preferences(playerId)])
      .then(([player, preferences]) => {
        if (!player) return;
        for (const member of here) {
          member.mutedUntil = player.chatMutedUntil;
          member.name = player.name;
          member.chatOff = preferences.chatOff;
          member.muted = new Set(preferences.muted);
        }
      })
      .catch((error) => log.warn({ err: error, roomId: this.options.roomId, playerId }, "reading a moderated player failed"));
  }

  private sendHistory(member: Member) {
    for (const history of this.log.history(member, this.ended)) this.sendLines(member, history);
  }

  private sendLines(member: Member, history: ChatHistoryMessage) {
    member.client?.send("chat:history", history);
    for (const line of history.lines) member.receipts.note(line);
  }

  private forPlayer(playerId: string, change: (member: Member) => void) {
    for (const member of this.members.values()) if (member.playerId === playerId) change(member);
  }

  /** An answer to the member's connection as it is now (a reconnection may have replaced the one that asked). */
  private answer(member: Member, type: string, message: unknown) {
    member.client?.send(type, message);
  }

  private answerError(member: Member, error: GameError) {
    if (member.client) this.options.sendError(member.client, error);
  }
}
