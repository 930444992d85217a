import pino from "pino";

/** Structured JSON logs; LOG_LEVEL sets the level (trace, debug, info, warn, error, fatal, silent). */
export const log = pino({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "warn" : "info"),
  base: { service: "parlor" },
});
