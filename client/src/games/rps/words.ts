import type { Hand } from "../../../../games/rps";

export const HAND_WORDS: Record<Hand, string> = { rock: "Rock", paper: "Paper", scissors: "Scissors" };

/** A hand's word, for a hand read off the wire (a string). */
export const handWord = (hand: string) => HAND_WORDS[hand as Hand] ?? hand;
