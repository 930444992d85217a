import { chatFilterFromEnv } from "../base/config";
import { asteriskCensorStrategy, englishDataset, englishRecommendedTransformers, RegExpMatcher, TextCensor } from "obscenity";

// obscenity's English words with its recommended transformers (look-alike letters, leetspeak, repeated letters,
// skipped spaces and symbols); each matched span becomes as many `*` as it has characters.
let matcher: RegExpMatcher | null = null;
const censor = new TextCensor().setStrategy(asteriskCensorStrategy());

/** `text` with every word the English dataset matches masked with `*`. Built on first use (the patterns take a moment). */
export function maskProfanity(text: string): string {
  matcher ??= new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const matches = matcher.getAllMatches(text);
  return matches.length === 0 ? text : censor.applyTo(text, matches);
}

/**
 * The operator's switch for the filter, one per process. It starts as CHAT_FILTER says, takes the server's
 * config.chatFilter (and any value flipped in the cluster) when the process follows the chat's presence channels
 * (rooms/chatPresence.ts `followChat`), and the admin API flips it in every process with `announceChatFilter`.
 */
export class ChatFilterSwitch {
  constructor(public enabled = true) {}

  set(enabled: boolean) {
    this.enabled = enabled;
  }
}

export const chatFilterSwitch = new ChatFilterSwitch(chatFilterFromEnv());

/** Free text as it is kept and sent: masked while the switch is on. */
export function filterChatText(text: string, filter: ChatFilterSwitch = chatFilterSwitch): string {
  return filter.enabled ? maskProfanity(text) : text;
}
