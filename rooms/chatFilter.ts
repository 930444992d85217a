import { asteriskCensorStrategy, englishDataset, englishRecommendedTransformers, RegExpMatcher, TextCensor } from "obscenity";
import { chatFilterSwitch } from "../base/chatFilterSwitch";

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
 * Free text as it is kept and sent: masked while the operator's switch is on (base/chatFilterSwitch.ts: CHAT_FILTER
 * at start, then the admin API's, in every process). Read as each line arrives.
 */
export function filterChatText(text: string, filter: { readonly enabled: boolean } = chatFilterSwitch): string {
  return filter.enabled ? maskProfanity(text) : text;
}
