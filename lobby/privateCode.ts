import { randomInt } from "node:crypto";

// Codes are read aloud and typed on phones: no 0/O, 1/I/L, or other look-alikes.
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 5;

/**
 * A new code. A code is all that guards a private game, so its letters come from the operating
 * system's cryptographic source, each uniform over the alphabet (`randomInt` has no modulo bias).
 * `pick(n)` returns an integer in [0, n); tests may pass their own.
 */
export function newPrivateCode(pick: (n: number) => number = randomInt): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[pick(CODE_ALPHABET.length)];
  return code;
}

/** Accepts lower case, spaces and dashes: "abc-de" is "ABCDE". */
export function normalisePrivateCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, "");
}
