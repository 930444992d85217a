import type { NextFunction, Request, Response } from "express";
import type { ErrorCode } from "../protocol/errors";

/** Every API error: a 4xx or 5xx with `{ code, message }`. */
export function fail(res: Response, status: number, code: ErrorCode, message: string) {
  res.status(status).json({ code, message });
}

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = header && /^Bearer\s+(.+)$/i.exec(header);
  return match ? match[1].trim() : undefined;
}

/** Express 4 does not catch a rejected promise: pass it on to the error handler. */
export function handle(fn: (req: Request, res: Response) => Promise<unknown>) {
  return (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next);
}
