import type { GameName } from "../games/registry";
import { newPrivateCode } from "./privateCode";

export interface PrivateCreator {
  playerId: string;
  name: string;
  /** The lobby connection that made the code; it closes with that connection. */
  sessionId: string;
}

/** What the creator chose. */
export interface PrivateTerms {
  rated: boolean;
  /** On the lobby's Watch list and open to spectators; unlisted, nobody but the two players sees the game. */
  listed: boolean;
}

export interface PrivateGame extends PrivateTerms {
  code: string;
  game: GameName;
  creator: PrivateCreator;
  expiresAt: number;
}

/** What a code opens for a player who presents it. */
export type PrivateLookup =
  | { kind: "open"; game: PrivateGame }
  | { kind: "unknown" }
  | { kind: "expired" }
  | { kind: "own"; game: PrivateGame };

/**
 * The open private codes: one per creator, each for `lifetimeMs`. Time is passed in; codes come from `newCode`
 * (the cryptographic source by default).
 */
export class PrivateGames {
  private games = new Map<string, PrivateGame>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly newCode: () => string = () => newPrivateCode(),
  ) {}

  /** A new code for `creator`; one they made earlier closes. */
  open(creator: PrivateCreator, game: GameName, terms: PrivateTerms, now: number): PrivateGame {
    for (const [code, open] of this.games) if (open.creator.playerId === creator.playerId) this.games.delete(code);
    let code = this.newCode();
    while (this.games.has(code)) code = this.newCode();
    const opened: PrivateGame = { code, game, rated: terms.rated, listed: terms.listed, creator, expiresAt: now + this.lifetimeMs };
    this.games.set(code, opened);
    return opened;
  }

  /** What `code` (normalised) opens for `playerId`. An expired code answers "expired" once, then is gone. */
  lookUp(code: string, playerId: string, now: number): PrivateLookup {
    const game = this.games.get(code);
    if (!game) return { kind: "unknown" };
    if (now > game.expiresAt) {
      this.games.delete(code);
      return { kind: "expired" };
    }
    if (game.creator.playerId === playerId) return { kind: "own", game };
    return { kind: "open", game };
  }

  /** Closes `game` for the one who takes it; false if it closed meanwhile (or another code replaced it). */
  take(game: PrivateGame): boolean {
    if (this.games.get(game.code) !== game) return false;
    this.games.delete(game.code);
    return true;
  }

  /** Forgets codes expired for more than a lifetime: until then a late join hears "expired", not "unknown". */
  sweep(now: number) {
    for (const [code, game] of this.games) if (now > game.expiresAt + this.lifetimeMs) this.games.delete(code);
  }

  /** The creator's lobby connection closed: their codes close with it. */
  closeFor(sessionId: string) {
    for (const [code, game] of this.games) if (game.creator.sessionId === sessionId) this.games.delete(code);
  }
}
