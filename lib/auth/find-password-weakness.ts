// The password policy beyond length: zxcvbn-ts estimates how many guesses a password would take,
// knowing common passwords, words, names, keyboard walks, dates and l33t, and says what is wrong.
import "server-only";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import * as zxcvbnEnglish from "@zxcvbn-ts/language-en";

// 3 of 4: about 10^8 guesses or more ("safely unguessable" online, slow against a stolen hash).
const MINIMUM_SCORE = 3;
// Shorter local parts ("al", "jo") occur inside too many good passwords to refuse them.
const MINIMUM_LOCAL_PART_LENGTH = 3;

let estimator: ZxcvbnFactory | undefined;

// Built on first use: loading the dictionaries takes a moment and memory a page never needs.
function getEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEnglish.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEnglish.translations,
  });
  return estimator;
}

/**
 * Why `password` is too easy to guess for the account `email`, in words for the person choosing
 * it; null when it is fine. Never repeats the password.
 */
export function findPasswordWeakness(password: string, email: string): string | null {
  const localPart = email.split("@")[0]!.toLowerCase();
  if (localPart.length >= MINIMUM_LOCAL_PART_LENGTH && password.toLowerCase().includes(localPart)) {
    return `Choose a password that does not contain the email address's name (${localPart}).`;
  }
  const result = getEstimator().check(password, [email, localPart, ...localPart.split(/[._+-]/)]);
  if (result.score >= MINIMUM_SCORE) return null;
  const why = result.feedback.warning ?? "It would be guessed quickly.";
  const advice = result.feedback.suggestions.length ? result.feedback.suggestions.join(" ") : "Add more words that are less common.";
  return `This password is too easy to guess. ${why} ${advice}`;
}
