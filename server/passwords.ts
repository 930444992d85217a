import { Algorithm, hash, verify } from "@node-rs/argon2";

/**
 * Argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 50 ms a hash on one core.
 * Stored as a PHC string, which carries its own parameters and salt, so raising them later leaves old hashes valid.
 */
export const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
/** Longer is refused before hashing, so nobody can make the server hash megabytes. */
export const PASSWORD_MAX = 256;

export function checkPassword(raw: unknown): { ok: true; password: string } | { ok: false; message: string } {
  if (typeof raw !== "string") return { ok: false, message: "The password must be text." };
  const length = [...raw].length;
  if (length < PASSWORD_MIN) return { ok: false, message: `A password has at least ${PASSWORD_MIN} characters.` };
  if (length > PASSWORD_MAX) return { ok: false, message: `A password has at most ${PASSWORD_MAX} characters.` };
  return { ok: true, password: raw };
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize("NFC"), ARGON2_OPTIONS);
}

// Verified against when there is no account, so that an unknown username costs what a wrong password does.
let dummy: Promise<string> | null = null;

/**
 * Whether `password` matches `stored` (Argon2's own constant-time comparison). With no stored hash, verifies against
 * a dummy one and answers false, taking the same time.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  dummy ??= hashPassword("parlor dummy password, never anyone's");
  const target = stored ?? (await dummy);
  const matches = await verify(target, password.normalize("NFC")).catch(() => false);
  return stored !== null && matches;
}
