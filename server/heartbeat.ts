import type { WebSocket, WebSocketServer } from "ws";

/** How often the heartbeat wakes; each wake pings its share of the clients. */
export const HEARTBEAT_TICK_MS = 100;

/** Clients to ping on one wake so that each is pinged once per `intervalMs`: all of them spread over the interval. */
export function pingsPerTick(clients: number, tickMs: number, intervalMs: number): number {
  return clients === 0 ? 0 : Math.ceil((clients * tickMs) / intervalMs);
}

type Beating = WebSocket & { pingCount?: number };

/**
 * The transport's heartbeat (each client pinged every `intervalMs`, closed after `maxRetries` pings without a pong),
 * spread over the interval. @colyseus/ws-transport pings every client in one synchronous loop, one socket write each:
 * with thousands of clients that loop held the event loop for tens to hundreds of milliseconds every 3 s. The
 * transport still answers pongs (it resets `pingCount`); its own ping timer must be off (`pingInterval: 0`).
 */
export function startHeartbeat(wss: WebSocketServer, intervalMs: number, maxRetries: number, tickMs = HEARTBEAT_TICK_MS): () => void {
  let cursor: Iterator<Beating> = wss.clients.values();
  let passStartedAt = Date.now();
  const timer = setInterval(() => {
    let left = pingsPerTick(wss.clients.size, tickMs, intervalMs);
    // A client that joins mid-pass is met in this pass or the next; the iterator of a Set sees additions.
    while (left-- > 0) {
      let next = cursor.next();
      if (next.done) {
        // A pass starts at most once an interval, however few the clients.
        const now = Date.now();
        // A finished Set iterator stays finished: the next wakes land here until the interval is over.
        if (now - passStartedAt < intervalMs) return;
        passStartedAt = now;
        cursor = wss.clients.values();
        next = cursor.next();
        if (next.done) return;
      }
      const client = next.value;
      if (client.readyState !== client.OPEN) continue;
      if ((client.pingCount ?? 0) >= maxRetries) {
        client.terminate();
        continue;
      }
      client.pingCount = (client.pingCount ?? 0) + 1;
      client.ping();
    }
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
