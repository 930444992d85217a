/**
 * Short sounds made in the browser with the Web Audio API: a few oscillator notes, each with its own gain
 * envelope. Nothing is fetched. Browsers keep audio off until the first user gesture, so the AudioContext is made
 * (or resumed) by `unlockAudio()`, which the page calls from its first pointerdown or keydown; before that a sound
 * is logged but not heard. Nothing here touches the DOM when imported.
 */
import type { Moment } from "./moments";

export type SoundKind = "matchFound" | "yourTurn" | "opponentMoved" | "lowTime" | "win" | "loss" | "draw";

/** Every sound asked for, muted or not, oldest first (the test hook exposes it); the last 200 are kept. */
export const soundLog: { kind: SoundKind; muted: boolean; at: number }[] = [];
const LOG_LIMIT = 200;

const MUTED_KEY = "parlor.muted";

interface Note {
  /** Hz at the start, and at the end when it slides. */
  freq: number;
  slideTo?: number;
  /** Seconds from the sound's start. */
  start: number;
  length: number;
  wave: OscillatorType;
  /** Peak gain, ≤ 0.2. */
  gain: number;
}

const note = (freq: number, start: number, length: number, gain = 0.12, wave: OscillatorType = "triangle", slideTo?: number): Note => ({ freq, start, length, gain, wave, slideTo });

/** Each sound ends within 0.4 s. */
export const SOUNDS: Readonly<Record<SoundKind, readonly Note[]>> = {
  // Two notes up: something is starting.
  matchFound: [note(523, 0, 0.14), note(784, 0.12, 0.25)],
  // A bell: a sine and its octave.
  yourTurn: [note(880, 0, 0.3, 0.12, "sine"), note(1760, 0, 0.18, 0.04, "sine")],
  // A soft knock, sliding down.
  opponentMoved: [note(420, 0, 0.09, 0.1, "triangle", 300)],
  // Two short high beeps.
  lowTime: [note(1175, 0, 0.08, 0.06, "square"), note(1175, 0.16, 0.08, 0.06, "square")],
  win: [note(523, 0, 0.12), note(659, 0.1, 0.12), note(784, 0.2, 0.18, 0.14)],
  loss: [note(392, 0, 0.14), note(330, 0.12, 0.14), note(262, 0.24, 0.16)],
  draw: [note(523, 0, 0.14), note(523, 0.18, 0.16)],
};

/** The sound for a moment of a game (moments.ts). */
export function momentSound(moment: Moment): SoundKind {
  if (moment.kind !== "gameEnd") return moment.kind;
  return moment.outcome === "win" ? "win" : moment.outcome === "loss" ? "loss" : "draw";
}

let muted: boolean | null = null;

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // storage blocked (privacy settings)
  }
}

export function soundsMuted(): boolean {
  muted ??= storage()?.getItem(MUTED_KEY) === "1";
  return muted;
}

export function setSoundsMuted(on: boolean) {
  muted = on;
  try {
    storage()?.setItem(MUTED_KEY, on ? "1" : "0");
  } catch {
    // Still muted for this page.
  }
}

let context: AudioContext | null = null;

function audioContextClass(): typeof AudioContext | null {
  const g = globalThis as { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext };
  return g.AudioContext ?? g.webkitAudioContext ?? null;
}

/** Made only after a gesture, or once the page has had one: made earlier, the browser starts it suspended and warns. */
function audio(gesture: boolean): AudioContext | null {
  if (context) return context;
  const Ctor = audioContextClass();
  const activated = (globalThis.navigator as { userActivation?: { hasBeenActive: boolean } } | undefined)?.userActivation?.hasBeenActive;
  if (!Ctor || (!gesture && activated !== true)) return null;
  try {
    context = new Ctor();
  } catch {
    return null;
  }
  return context;
}

/** Call from a pointerdown or keydown listener: makes or resumes the AudioContext while the gesture lasts. */
export function unlockAudio() {
  const ctx = audio(true);
  if (ctx && ctx.state !== "running") void ctx.resume().catch(() => {});
}

export function playSound(kind: SoundKind) {
  const quiet = soundsMuted();
  soundLog.push({ kind, muted: quiet, at: Date.now() });
  if (soundLog.length > LOG_LIMIT) soundLog.splice(0, soundLog.length - LOG_LIMIT);
  if (quiet) return;
  const ctx = audio(false);
  // Notes scheduled on a suspended context would all sound at once when it resumes: drop this one instead.
  if (!ctx || ctx.state !== "running") {
    if (ctx) void ctx.resume().catch(() => {});
    return;
  }
  const t0 = ctx.currentTime + 0.01;
  for (const n of SOUNDS[kind]) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const start = t0 + n.start;
    const end = start + n.length;
    osc.type = n.wave;
    osc.frequency.setValueAtTime(n.freq, start);
    if (n.slideTo) osc.frequency.exponentialRampToValueAtTime(n.slideTo, end);
    // A 10 ms attack then an exponential fade, so no note clicks on or off.
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(n.gain, start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, end);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(end + 0.02);
    osc.onended = () => gain.disconnect();
  }
}
