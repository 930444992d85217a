import unhomoglyph from "unhomoglyph";

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 24;
// Letters of any script, digits, and _ . - inside: no spaces, so that a username is one word to type.
const USERNAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}_.-]*$/u;

/**
 * What makes two usernames the same name: case-folded, then the UTS #39 skeleton (NFD, the Unicode confusables
 * mapping via `unhomoglyph`, NFD again), so that "Ann", "ANN" and "Аnn" (Cyrillic А) are one name. Only compared,
 * never shown: "m" and "rn" share a key.
 */
export function usernameKey(username: string): string {
  const folded = username.normalize("NFKC").toUpperCase().toLowerCase();
  return unhomoglyph(folded.normalize("NFD")).normalize("NFD").toLowerCase();
}

export type UsernameCheck = { ok: true; username: string; key: string } | { ok: false; message: string };

/** A username: 3–24 characters (NFC) of letters, digits, marks, `_`, `.` and `-`, starting with a letter or digit. */
export function validateUsername(raw: unknown): UsernameCheck {
  if (typeof raw !== "string") return { ok: false, message: "The username must be text." };
  const username = raw.trim().normalize("NFC");
  const length = [...username].length;
  if (length < USERNAME_MIN || length > USERNAME_MAX) return { ok: false, message: `A username has ${USERNAME_MIN} to ${USERNAME_MAX} characters.` };
  if (!USERNAME_PATTERN.test(username)) return { ok: false, message: "A username may contain only letters, digits, _, . and -, and starts with a letter or digit." };
  return { ok: true, username, key: usernameKey(username) };
}
