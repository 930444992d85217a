const MARK_COLORS = { X: 0x5fb4ff, O: 0xff8a6b };

/** X is blue, O orange; anything else (an empty cell) draws as O, unseen. */
export const markColor = (mark: string | null): number => (mark === "X" ? MARK_COLORS.X : MARK_COLORS.O);
