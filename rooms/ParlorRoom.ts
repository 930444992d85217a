import { Client, matchMaker, Room, ServerError } from "@colyseus/core";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { ErrorCode, GameError, gameError } from "../protocol/errors";
import { log } from "../server/log";
import { metrics } from "../server/metrics";

let shuttingDown = false;

/** Set when the server begins to shut down, before Colyseus itself does: joins stop at once. */
export function setShuttingDown(value: boolean) {
  shuttingDown = value;
}

/** Close code for a client that keeps flooding after RATE_LIMITED. */
export const CLOSE_FLOODING = 4029;
/** Close code for a client whose frame could not be decoded. */
export const CLOSE_MALFORMED = 4400;

/** Messages a client may send per second before RATE_LIMITED (MESSAGES_PER_SECOND); three times that disconnects it. */
export const DEFAULT_MESSAGES_PER_SECOND = 20;

/**
 * What every Parlor room does with client input before a handler sees it, written once:
 * per-client rate limits, malformed frames, handler exceptions and timing, and refusing joins during shutdown.
 */
export abstract class ParlorRoom<State extends object> extends Room<State> {
  private perSecond = DEFAULT_MESSAGES_PER_SECOND;
  private limiter = new RateLimiterMemory({ points: this.perSecond, duration: 1 });
  private warned = new Set<string>();

  protected setMessageRate(perSecond: number) {
    this.perSecond = perSecond;
    this.limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
  }

  protected sendError(client: Client, error: GameError) {
    metrics.rejected.inc({ code: error.code });
    client.send("error", error);
  }

  /** Joins stop the moment the process starts shutting down. */
  protected refuseIfShuttingDown() {
    if (shuttingDown || matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN) {
      throw new ServerError(503, `${ErrorCode.SERVER_SHUTTING_DOWN}: the server is restarting; try again in a moment.`);
    }
  }

  onUncaughtException(error: Error & { cause?: unknown }, methodName: string) {
    // A ServerError is a refusal the room meant (a join it turned away), not a failure.
    if (error.cause instanceof ServerError) return log.debug({ room: this.roomName, method: methodName, reason: error.cause.message }, "refused");
    log.error({ err: error, room: this.roomName, roomId: this.roomId, method: methodName }, "room handler failed");
  }

  // Every message a client sends passes here first.
  protected _onMessage(client: Client & any, buffer: Buffer) {
    const sessionId = client.sessionId as string;
    this.limiter
      .consume(sessionId)
      .then(() => {
        this.warned.delete(sessionId);
        this.dispatch(client, buffer);
      })
      .catch((res: { consumedPoints?: number } | Error) => {
        if (res instanceof Error) return log.error({ err: res }, "rate limiter failed");
        if ((res.consumedPoints ?? 0) > this.perSecond * 3) {
          log.warn({ room: this.roomName, sessionId }, "disconnecting a flooding client");
          client.leave(CLOSE_FLOODING, "too many messages");
        } else if (!this.warned.has(sessionId)) {
          this.warned.add(sessionId);
          this.sendError(client, gameError(ErrorCode.RATE_LIMITED, `At most ${this.perSecond} messages a second; slow down or be disconnected.`));
        }
      });
  }

  private dispatch(client: Client & any, buffer: Buffer) {
    if (client.state === 3 /* LEAVING */) return;
    const stop = metrics.handlerSeconds.startTimer({ room: this.roomName, type: messageType(buffer) });
    try {
      super._onMessage(client, buffer);
    } catch (error) {
      log.warn({ err: error, room: this.roomName }, "malformed frame");
      client.leave(CLOSE_MALFORMED, "malformed message");
    } finally {
      stop();
    }
  }
}

/** The message type of a room-data frame, for metric labels; only the room's own types are named. */
function messageType(buffer: Buffer): string {
  if (buffer[0] !== 13) return "protocol";
  const length = buffer[1] & 0x1f;
  if ((buffer[1] & 0xe0) !== 0xa0 || length > 16) return "other";
  const type = buffer.subarray(2, 2 + length).toString("utf8");
  return KNOWN_TYPES.has(type) ? type : "other";
}

const KNOWN_TYPES = new Set(["move", "choose", "resign", "rematch", "queue", "cancel", "private:create", "private:join"]);
