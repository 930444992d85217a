import type { Request, Response } from "express";
import { log } from "../base/log";
import { ErrorCode } from "../protocol/errors";
import { fail } from "./apiAnswers";

/**
 * The last handler of a JSON router mounted beside /api's own (whose handler in server/api.ts answers the same way):
 * a malformed or oversized body (a 4xx from the body parser) is BAD_REQUEST, any other failure (the store) is 503
 * UNAVAILABLE.
 */
export function jsonErrors(what: string) {
  return (err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: unknown) => {
    if (err.type === "entity.too.large") return fail(res, 413, ErrorCode.BAD_REQUEST, "The body is too large.");
    if (err.status && err.status < 500) return fail(res, err.status, ErrorCode.BAD_REQUEST, `Bad request: ${err.message}`);
    log.error({ err }, `${what} request failed`);
    fail(res, 503, ErrorCode.UNAVAILABLE, "The server could not reach its database; try again shortly.");
  };
}
