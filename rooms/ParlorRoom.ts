import { Client, matchMaker, Protocol, Room, ServerError, type AuthContext } from "@colyseus/core";
import { GAMES } from "../games/registry";
import { ErrorCode, GameError, gameError } from "../protocol/errors";
import { log } from "../base/log";
import { histogramChild, metrics } from "../base/metrics";
import { authenticate, bannedError, trackSession, type AuthData } from "./auth";
import type { RoomDeps } from "./deps";
import { MessageBudget } from "./messageBudget";

let shuttingDown = false;

/** Set when the server begins to shut down, before Colyseus itself does: joins stop at once. */
export function setShuttingDown(value: boolean) {
  shuttingDown = value;
}

export function isShuttingDown(): boolean {
  return shuttingDown || matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN;
}

/** Close code for a client that keeps flooding after RATE_LIMITED. */
export const CLOSE_FLOODING = 4029;
/** Close code for a client whose frame could not be decoded. */
export const CLOSE_MALFORMED = 4400;

/** Messages a client may send per second before RATE_LIMITED (MESSAGES_PER_SECOND); three times that disconnects it. */
export const DEFAULT_MESSAGES_PER_SECOND = 20;

/** What the HTTP front door (server/matchmake.ts) adds to the context of a seat request: who asked, checked against the store. */
export interface FrontDoorContext extends AuthContext {
  player?: AuthData;
  /** When the operator banned that player (the store's `bannedAt`); null or absent when not banned. */
  bannedAt?: number | null;
}

const WS_OPEN = 1;

/** Each connection's message budget; one map for every room (a connection is to one room), not one a room. */
const budgets = new WeakMap<Client, MessageBudget>();

/** [join options, auth data, consumed, waiting for a reconnection], as Colyseus keeps a reserved seat. */
type ReservedSeat = [unknown, AuthData | undefined, boolean, boolean];

/**
 * What every Parlor room does before a join or a message reaches its own code, written once:
 * - a seat is only reserved for a request that carries a valid player token of a player who is not banned (static
 *   onAuth, called by the front door before any seat exists), and only that player can take it or reconnect to it
 *   (`_onJoin`, which checks the ban again);
 * - per-connection message budgets, malformed frames, unknown types, handler exceptions and timing;
 * - refusing joins during shutdown.
 */
export abstract class ParlorRoom<State extends object> extends Room<State> {
  protected deps!: RoomDeps;
  private perSecond = DEFAULT_MESSAGES_PER_SECOND;

  constructor() {
    super();
    // Colyseus keeps handlers in a plain object with a built-in "__no_message_handler" entry: a client could name
    // that type (or "toString") and reach it. Every unknown type gets UNKNOWN_TYPE instead.
    const handlers = (this as unknown as { onMessageHandlers: Record<string, unknown> }).onMessageHandlers;
    delete handlers.__no_message_handler;
    Object.setPrototypeOf(handlers, null);
    this.onMessage("*", (client, type) => this.sendError(client, gameError(ErrorCode.UNKNOWN_TYPE, `Unknown message type "${String(type)}".`)));
  }

  /**
   * Runs in the HTTP request that asks for a seat, before any is reserved. The front door has already checked the
   * token against the store; the seat is reserved for that player, whose id every later step checks. A banned
   * player gets no seat in any room: not in the lobby, not as a spectator.
   */
  static async onAuth(_token: string, _options: unknown, context: FrontDoorContext): Promise<AuthData> {
    if (isShuttingDown()) throw shuttingDownError();
    if (!context?.player) throw new ServerError(4401, `${ErrorCode.AUTH_REQUIRED}: sign in first (POST /api/guest) and join with the token.`);
    if (context.bannedAt != null) throw bannedError();
    return context.player;
  }

  protected setMessageRate(perSecond: number) {
    this.perSecond = perSecond;
  }

  protected sendError(client: Client, error: GameError) {
    metrics.rejected.inc({ code: error.code });
    client.send("error", error);
  }

  onUncaughtException(error: Error & { cause?: unknown }, methodName: string) {
    // A ServerError is a refusal the room meant (a join it turned away), not a failure.
    if (error.cause instanceof ServerError) return log.debug({ room: this.roomName, method: methodName, reason: error.cause.message }, "refused");
    log.error({ err: error, room: this.roomName, roomId: this.roomId, method: methodName }, "room handler failed");
  }

  /**
   * The WebSocket step of a join or a reconnection. A reservation (or a reconnection token) works only for a
   * socket that presents the token of the player it was made for; anything else is refused before Colyseus
   * consumes it, so the seat stays waiting for its player.
   */
  async _onJoin(client: Client & any, authContext: AuthContext): Promise<void> {
    const reserved = (this.reservedSeats as Record<string, ReservedSeat>)[client.sessionId];
    if (reserved) {
      if (isShuttingDown()) throw shuttingDownError();
      const owner = reserved[1];
      const presented = await authenticate(this.deps.store, authContext.token);
      if (!owner || owner.playerId !== presented.playerId) {
        log.debug({ room: this.roomName, roomId: this.roomId, sessionId: client.sessionId }, "refused a seat presented by another player");
        throw new ServerError(4403, `${ErrorCode.SEAT_RESERVED}: this seat is reserved for another player.`);
      }
      // The socket may have closed while the token was checked: leave the reservation for the player's next try.
      if (client.ref.readyState !== WS_OPEN) throw new ServerError(Protocol.WS_CLOSE_GOING_AWAY, "already disconnected");
    }
    await super._onJoin(client, authContext);
    // Closed again when its session is revoked or its player banned (rooms/auth.ts).
    trackSession(client, authContext.token, (client.auth as AuthData | undefined)?.playerId);
  }

  /**
   * One unused reservation per player per room: a new request from the same player replaces the old one, so no
   * player can fill a room's seats (and lock it against everyone else) by asking for seats they never take.
   * The server's own seats for the players of a match (`seatFor`) and reconnections are left alone.
   */
  protected async _reserveSeat(sessionId: string, joinOptions?: unknown, authData?: unknown, seconds?: number, allowReconnection?: boolean, devModeReconnection?: boolean): Promise<boolean> {
    const player = authData as AuthData | undefined;
    if (player?.playerId && !player.seatFor && !allowReconnection) {
      const seats = this.reservedSeats as Record<string, ReservedSeat>;
      for (const [id, seat] of Object.entries(seats)) {
        if (id === sessionId || seat[2] || seat[3] || seat[1]?.seatFor || seat[1]?.playerId !== player.playerId) continue;
        clearTimeout(this.reservedSeatTimeouts[id]);
        delete this.reservedSeatTimeouts[id];
        delete seats[id];
        await this._decrementClientCount();
      }
    }
    return super._reserveSeat(sessionId, joinOptions, authData, seconds, allowReconnection, devModeReconnection);
  }

  // Every frame a client sends passes here first.
  protected _onMessage(client: Client & any, buffer: Buffer) {
    // A leave is always read, over budget or not: a client slowed down by RATE_LIMITED can still go (its
    // `leave()` waits for the answer), and once it is leaving, further frames are not handled (dispatch).
    if (buffer[0] === Protocol.LEAVE_ROOM) return this.dispatch(client, buffer);
    let budget = budgets.get(client);
    if (!budget) budgets.set(client, (budget = new MessageBudget(this.perSecond)));
    switch (budget.spend(Date.now())) {
      case "handle":
        return this.dispatch(client, buffer);
      case "warn":
        return this.sendError(client, gameError(ErrorCode.RATE_LIMITED, `At most ${this.perSecond} messages a second; slow down or be disconnected.`));
      case "drop":
        return;
      case "close":
        log.warn({ room: this.roomName, sessionId: client.sessionId }, "disconnecting a flooding client");
        return this.closeNow(client, CLOSE_FLOODING, "too many messages");
    }
  }

  private dispatch(client: Client & any, buffer: Buffer) {
    if (client.state === 3 /* LEAVING */) return;
    const started = performance.now();
    try {
      super._onMessage(client, buffer);
    } catch (error) {
      log.warn({ err: error, room: this.roomName }, "malformed frame");
      this.closeNow(client, CLOSE_MALFORMED, "malformed message");
    } finally {
      histogramChild(metrics.handlerSeconds, this.roomName, messageType(buffer)).observe((performance.now() - started) / 1000);
    }
  }

  /** Closes a client and stops reading its frames at once: those already buffered are neither handled nor logged. */
  private closeNow(client: Client & any, code: number, reason: string) {
    client.ref.removeAllListeners("message");
    client.leave(code, reason);
  }
}

function shuttingDownError() {
  return new ServerError(503, `${ErrorCode.SERVER_SHUTTING_DOWN}: the server is restarting; try again in a moment.`);
}

/** The message type of a room-data frame, for metric labels; only the room's own types are named. Allocates nothing. */
function messageType(buffer: Buffer): string {
  if (buffer[0] !== 13) return "protocol";
  const length = buffer[1] & 0x1f;
  if ((buffer[1] & 0xe0) !== 0xa0 || buffer.length < 2 + length) return "other";
  for (let i = 0; i < KNOWN_TYPES.length; i++) {
    const [type, bytes] = KNOWN_TYPES[i];
    if (bytes.length === length && buffer.compare(bytes, 0, length, 2, 2 + length) === 0) return type;
  }
  return "other";
}

// Each game's move message, the shared game-room messages and the lobby's: a bounded set of metric labels.
const KNOWN_TYPES: [string, Buffer][] = [
  ...new Set([...Object.values(GAMES).map((game) => game.move.type), "resign", "rematch", "queue", "queue:botfill", "cancel", "private:create", "private:join", "subscribe", "unsubscribe", "challenge:send", "challenge:accept", "challenge:decline", "challenge:cancel", "challenge:list", "chat", "chat:mute", "chat:off", "report"]),
].map((type) => [type, Buffer.from(type, "utf8")]);
