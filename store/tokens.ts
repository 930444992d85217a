import crypto from "node:crypto";

/** A guest token as both stores keep it: only its SHA-256, so a copy of the database signs nobody in. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** A session's public id: 128 random bits, hex. It names a token in lists and revocations and signs nobody in. */
export function newSessionId(): string {
  return crypto.randomBytes(16).toString("hex");
}

/** A token is at most this long; anything longer is refused without a database read. */
export const TOKEN_MAX_LENGTH = 256;

const HOUR_MS = 60 * 60_000;

/**
 * Sliding expiry: a token lives `ttlMs` after it was last renewed, and a use renews it. Renewing is a write,
 * so it happens at most once an hour per token (or every tenth of the TTL when that is shorter).
 * `ttlMs` Infinity: the token never expires, but is still renewed, so that a TTL set later counts from real use.
 */
export function tokenLife(usedAt: number, now: number, ttlMs: number): "valid" | "renew" | "expired" {
  if (now - usedAt >= ttlMs) return "expired";
  return now - usedAt >= Math.min(HOUR_MS, ttlMs / 10) ? "renew" : "valid";
}
