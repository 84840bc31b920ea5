// The password rule: at least 12 characters (schemas.ts) and hard to guess, as estimated by zxcvbn-ts with its common
// password, diceware and English dictionaries. One verdict for every place a password is set (docs/decisions/009).
import { createRequire } from "node:module";
import type { ZxcvbnFactory, ZxcvbnResult } from "@zxcvbn-ts/core";
import { AccountInputError } from "./schemas";

// The estimator and its dictionaries (which are decompressed when their module loads) are loaded on first use, not at
// start-up: most processes never set a password.
const load = createRequire(import.meta.url);

/** zxcvbn's score 3: about 10^8 guesses or more, "safely unguessable" against online attacks and slow hashes. */
export const MINIMUM_SCORE = 3;
/**
 * Only the first characters are analysed: the estimate's cost grows steeply with length (seconds for 200 hostile
 * characters), and a password whose first 64 characters are guessable is refused anyway.
 */
const ANALYSED_LENGTH = 64;

/** Words of this application that make a password easy to guess here. */
const SITE_WORDS = ["capacity", "needs", "assessment", "cna", "digital", "government", "demoland"];

let estimator: ZxcvbnFactory | undefined;

/** The estimator, built on first use: loading the dictionaries takes about a third of a second, once per process. */
function passwordEstimator(): ZxcvbnFactory {
  if (estimator) return estimator;
  const { ZxcvbnFactory: Factory } = load("@zxcvbn-ts/core") as typeof import("@zxcvbn-ts/core");
  const common = load("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
  const english = load("@zxcvbn-ts/language-en") as typeof import("@zxcvbn-ts/language-en");
  estimator = new Factory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    maxLength: ANALYSED_LENGTH,
    // Bounded substitution search: l33t variants of long inputs are the estimator's slowest path.
    l33tMaxSubstitutions: 10,
  });
  return estimator;
}

/** zxcvbn's warnings grouped into the reasons people are told (catalogue keys `auth.validation.passwordWeak.*`). */
const REASONS: Record<string, string> = {
  topTen: "common",
  topHundred: "common",
  common: "common",
  similarToCommon: "common",
  pwned: "common",
  straightRow: "pattern",
  keyPattern: "pattern",
  simpleRepeat: "pattern",
  extendedRepeat: "pattern",
  sequences: "pattern",
  recentYears: "dates",
  dates: "dates",
  wordByItself: "words",
  namesByThemselves: "words",
  commonNames: "words",
  userInputs: "personal",
};

/** The words of an account that a password should not be built from: its address, the parts of it, its name. */
export function personalWords(email: string, name = ""): string[] {
  const local = email.split("@")[0] ?? "";
  return [email, local, ...local.split(/[._+-]+/), ...name.split(/\s+/)].filter((w) => w.length >= 3);
}

/**
 * The catalogue key saying why `password` is too weak, or undefined when it is strong enough. `userInputs` are the
 * account's own words (personalWords); the application's are always added.
 */
export function passwordWeakness(password: string, userInputs: string[] = []): string | undefined {
  const result: ZxcvbnResult = passwordEstimator().check(password.normalize("NFKC"), [...userInputs.map((w) => w.toLowerCase()), ...SITE_WORDS]);
  if (result.score >= MINIMUM_SCORE) return undefined;
  const warning = result.feedback.warning ?? "";
  // The warning arrives as "warnings.<name>" without translations loaded; either way the last part names it.
  const reason = REASONS[warning.split(".").pop() ?? ""] ?? "guessable";
  return `auth.validation.passwordWeak.${reason}`;
}

/** Throws the input error forms and the command line show when `password` is too weak; `field` names the input. */
export function assertStrongPassword(password: string, userInputs: string[] = [], field = "password"): void {
  const weakness = passwordWeakness(password, userInputs);
  if (weakness) throw new AccountInputError({ [field]: weakness });
}
