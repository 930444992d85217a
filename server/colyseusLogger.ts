import type { Logger } from "pino";

/**
 * What Colyseus and its WebSocket transport print about a client's own mistakes (a stale seat reservation, a frame
 * over the size limit, a broken frame) are refusals, not server errors: they go to debug, without a stack, so that
 * no client can fill the log with them. Everything else passes through to the server's logger unchanged.
 */
const CLIENT_CAUSED = [/msgpackr\/unpack/, /seat reservation expired/, /Max payload size exceeded/, /Invalid WebSocket frame/, /WS_ERR_/, /already consumed/, /bad reconnection token/];

export function colyseusLogger(log: Logger) {
  const pass = (level: "error" | "warn" | "info" | "debug" | "trace") => (...args: unknown[]) =>
    (log[level] as (...a: unknown[]) => void).apply(log, args);
  return {
    error: (...args: unknown[]) => {
      const first = args[0];
      if (typeof first === "string" && CLIENT_CAUSED.some((pattern) => pattern.test(first))) return log.debug(first.split("\n")[0]);
      pass("error")(...args);
    },
    warn: pass("warn"),
    info: pass("info"),
    debug: pass("debug"),
    trace: pass("trace"),
  };
}
