// No imports: the browser client checks a name by the same rule before sending it.
const NAME_PATTERN = /^[\p{L}\p{N} _-]+$/u;
export const NAME_MAX = 20;

/** A guest name: 1–20 characters after trimming, of letters, digits, spaces, `_` and `-`. Messages are shown to players as they are. */
export function validatePlayerName(raw: unknown): { ok: true; name: string } | { ok: false; message: string } {
  if (typeof raw !== "string") return { ok: false, message: "Your name must be text." };
  const name = raw.trim();
  if (name.length === 0) return { ok: false, message: "Please choose a name." };
  if ([...name].length > NAME_MAX) return { ok: false, message: `Your name must be at most ${NAME_MAX} characters.` };
  if (!NAME_PATTERN.test(name)) return { ok: false, message: "Your name may contain only letters, digits, spaces, _ and -." };
  return { ok: true, name };
}
