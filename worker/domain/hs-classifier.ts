// Keyword HS classifier: scores a product title/description against the shipped reference headings, deterministically.
import { HS_HEADINGS, type HsHeading, NEUTRAL_PHRASES } from "./hs-reference.ts";

export interface ClassifiableProduct {
  readonly title: string;
  readonly description?: string | undefined;
}

export interface Classification {
  /** The heading's default 6-digit subheading. */
  hs_code: string;
  heading: string;
  /** 0..1, two decimals: how strong the best match is and how far it leads the runner-up. */
  confidence: number;
  matched_rule: string;
}

export interface HeadingCandidate {
  heading: string;
  hs_code: string;
  description: string;
  /** Sum of matched weights (two decimals); comparable between candidates of one product only. */
  score: number;
  /** Matched keywords and hints as written in the reference table, strongest first. */
  matched: string[];
}

// A phrase is rarer and more specific than its words ("coffee table" vs "coffee").
const PHRASE_BONUS = 1.5;
// Descriptions are noisier than titles ("pairs well with jeans"), so their words count half.
const DESCRIPTION_FACTOR = 0.5;
// Below this nothing names the product (e.g. one weak word in a description): better unclassified than guessed.
const MIN_SCORE = 1;

const IRREGULAR: Readonly<Record<string, string>> = {
  men: "man",
  women: "woman",
  children: "child",
  knive: "knife",
  shelve: "shelf",
  feet: "foot",
  teeth: "tooth",
  mice: "mouse",
};

/** Plural stemming only: enough to make "dresses", "hoodies" and "boxes" meet "dress", "hoodie" and "box". */
function stem(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular !== undefined) return irregular;
  let w = word;
  if (w.length > 3 && !/(ss|us|is)$/.test(w)) {
    if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
    else if (/(sses|ches|shes|xes)$/.test(w)) w = w.slice(0, -2);
    else if (w.endsWith("s")) w = w.slice(0, -1);
  }
  // "hoodie" and "hoodies" (→ "hoody") must meet, as must "cookie" and "cookies".
  if (w.endsWith("ie") && w.length > 4) w = `${w.slice(0, -2)}y`;
  return IRREGULAR[w] ?? w;
}

/** Lowercase, strip accents, possessives and punctuation, split letters from digits ("10000mAh"), stem plurals. */
export function tokenise(text: string): string[] {
  const normalised = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['\u2019]s\b/g, "")
    .replace(/(\d)([a-z])/g, "$1 $2")
    .replace(/([a-z])(\d)/g, "$1 $2");
  const tokens: string[] = [];
  for (const raw of normalised.split(/[^a-z0-9]+/)) {
    if (raw !== "") tokens.push(stem(raw));
  }
  return tokens;
}

interface Posting {
  readonly index: number;
  readonly weight: number;
  readonly hint: boolean;
  readonly label: string;
}

interface Index {
  readonly postings: ReadonlyMap<string, readonly Posting[]>;
  /** Every multi-word term, so text can be segmented into the longest known phrases. */
  readonly phrases: ReadonlySet<string>;
  readonly maxPhraseLength: number;
  readonly exclusions: readonly (readonly string[])[];
  readonly maxExclusionLength: number;
}

// Built once at module load: classification then costs one tokenisation and a few map look-ups per product.
const INDEX: Index = buildIndex(HS_HEADINGS, NEUTRAL_PHRASES);

function buildIndex(headings: readonly HsHeading[], neutral: readonly string[]): Index {
  const postings = new Map<string, Posting[]>();
  const phrases = new Set<string>();
  let maxPhraseLength = 1;
  let maxExclusionLength = 1;
  const add = (index: number, label: string, weight: number, hint: boolean) => {
    const tokens = tokenise(label);
    if (tokens.length === 0) throw new Error(`HS reference ${headings[index]?.heading}: empty keyword "${label}"`);
    const term = tokens.join(" ");
    if (tokens.length > 1) {
      phrases.add(term);
      maxPhraseLength = Math.max(maxPhraseLength, tokens.length);
    }
    const list = postings.get(term) ?? [];
    list.push({ index, weight: tokens.length > 1 ? weight * PHRASE_BONUS : weight, hint, label });
    postings.set(term, list);
  };
  const exclusions = headings.map((h, index) => {
    for (const [label, weight] of Object.entries(h.keywords)) add(index, label, weight, false);
    for (const [label, weight] of Object.entries(h.hints ?? {})) add(index, label, weight, true);
    return (h.exclude ?? []).map((label) => {
      const tokens = tokenise(label);
      maxExclusionLength = Math.max(maxExclusionLength, tokens.length);
      return tokens.join(" ");
    });
  });
  for (const label of neutral) {
    const tokens = tokenise(label);
    phrases.add(tokens.join(" "));
    maxPhraseLength = Math.max(maxPhraseLength, tokens.length);
  }
  return { postings, phrases, maxPhraseLength, exclusions, maxExclusionLength };
}

/** Greedy longest-phrase segmentation, so "coffee table" is one term and never also "coffee". */
function segment(tokens: readonly string[]): string[] {
  const terms: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    let taken = 1;
    for (let length = Math.min(INDEX.maxPhraseLength, tokens.length - i); length > 1; length--) {
      if (INDEX.phrases.has(tokens.slice(i, i + length).join(" "))) {
        taken = length;
        break;
      }
    }
    terms.push(tokens.slice(i, i + taken).join(" "));
    i += taken;
  }
  return terms;
}

/** Every 1..n-gram of the title: exclusions match anywhere, whatever phrase a word was segmented into. */
function ngrams(tokens: readonly string[], maxLength: number): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    for (let length = 1; length <= maxLength && i + length <= tokens.length; length++) {
      grams.add(tokens.slice(i, i + length).join(" "));
    }
  }
  return grams;
}

interface Tally {
  keywordScore: number;
  hintScore: number;
  matches: { label: string; points: number }[];
}

function score(product: ClassifiableProduct): HeadingCandidate[] {
  const titleTokens = tokenise(product.title);
  const factors = new Map<string, number>();
  for (const term of segment(titleTokens)) factors.set(term, 1);
  if (product.description) {
    for (const term of segment(tokenise(product.description))) {
      if (!factors.has(term)) factors.set(term, DESCRIPTION_FACTOR);
    }
  }

  const tallies = new Map<number, Tally>();
  for (const [term, factor] of factors) {
    for (const posting of INDEX.postings.get(term) ?? []) {
      let tally = tallies.get(posting.index);
      if (tally === undefined) {
        tally = { keywordScore: 0, hintScore: 0, matches: [] };
        tallies.set(posting.index, tally);
      }
      const points = posting.weight * factor;
      if (posting.hint) tally.hintScore += points;
      else tally.keywordScore += points;
      tally.matches.push({ label: posting.label, points });
    }
  }

  // Vetoes come from the title only: descriptions mention other goods ("wear it with a knitted scarf").
  const titleGrams = ngrams(titleTokens, INDEX.maxExclusionLength);
  const ranked: (HeadingCandidate & { exact: number })[] = [];
  for (const [index, tally] of tallies) {
    if (tally.keywordScore === 0) continue;
    if (INDEX.exclusions[index]?.some((gram) => titleGrams.has(gram))) continue;
    const heading = HS_HEADINGS[index] as HsHeading;
    const exact = tally.keywordScore + tally.hintScore + (heading.bias ?? 0);
    const matched = [...tally.matches].sort((a, b) => b.points - a.points || compare(a.label, b.label));
    ranked.push({
      heading: heading.heading,
      hs_code: heading.subheading,
      description: heading.description,
      score: round2(exact),
      matched: matched.map((m) => m.label),
      exact,
    });
  }
  ranked.sort((a, b) => b.exact - a.exact || b.matched.length - a.matched.length || compare(a.heading, b.heading));
  return ranked.filter((c) => c.exact >= MIN_SCORE).map(({ exact: _exact, ...candidate }) => candidate);
}

/** The best `n` scoring headings, best first; empty when nothing in the reference table matches. */
export function candidates(product: ClassifiableProduct, n = 3): HeadingCandidate[] {
  return score(product).slice(0, Math.max(0, n));
}

/** The best heading for a product, or null when no reference heading scores. */
export function classifyProduct(product: ClassifiableProduct): Classification | null {
  const [best, second] = score(product);
  if (best === undefined) return null;
  // Strength saturates with the best score; the margin over the runner-up says how clear-cut the choice was.
  const strength = 1 - Math.exp(-best.score / 5);
  const margin = (best.score - (second?.score ?? 0)) / best.score;
  const confidence = Math.min(1, Math.max(0, round2(strength * (0.4 + 0.6 * margin))));
  const quoted = best.matched.map((label) => `'${label}'`).join(", ");
  return {
    hs_code: best.hs_code,
    heading: best.heading,
    confidence,
    matched_rule: `${best.heading} ${best.description}: matched ${quoted}`,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

// Locale-independent ordering, so ties break the same way on every runtime.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
