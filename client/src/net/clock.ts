/**
 * The server's clock as this tab sees it. Deadlines in game and lobby state are the server's epoch
 * milliseconds; a device whose clock is off (phones can be minutes out) would show them wrong if it
 * compared them with its own Date.now(). The offset is measured against GET /api/info's `now`,
 * taking the server's reading to be from the middle of the request.
 */
let offsetMs = 0;

export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** Sets the offset from one request that was sent at `sentAt` and answered at `receivedAt` (both local). */
export function syncServerClock(serverTime: number, sentAt: number, receivedAt: number) {
  if (Number.isFinite(serverTime) && receivedAt >= sentAt) offsetMs = serverTime - (sentAt + receivedAt) / 2;
}
