// Codes are read aloud and typed on phones: no 0/O, 1/I/L, or other look-alikes.
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const CODE_LENGTH = 5;

export function newPrivateCode(random: () => number): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length) % CODE_ALPHABET.length];
  return code;
}

/** Accepts lower case, spaces and dashes: "abc-de" is "ABCDE". */
export function normalisePrivateCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, "");
}
