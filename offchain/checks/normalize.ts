import { execAll } from "./regex.js";
import { loadLexicon } from "./lexicon.js";
import { THRESHOLDS } from "./thresholds.js";

interface ObfuscationLexicon {
  confusables: Record<string, string>;
  leet: Record<string, string>;
  sensitiveWords: string[];
  abbreviations: string[];
}

export type ObfuscationKind =
  | "zero-width"
  | "bidi-control"
  | "control-character"
  | "homoglyph"
  | "leetspeak"
  | "spaced-letters"
  | "base64"
  | "styled-letters"
  | "hex";

export interface ObfuscationSignal {
  kind: ObfuscationKind;
  detail: string;
}

/**
 * The text the checks read. `analysis` is the output text after NFKC, removal of invisible and
 * control characters, quote/dash folding, look-alike and leetspeak folding and whitespace
 * collapsing, followed by any decoded base64 text; `lower` is its lower-case form (locale-free
 * `toLowerCase`). Spans in findings index into `analysis`.
 */
export interface NormalizedText {
  readonly original: string;
  readonly analysis: string;
  readonly lower: string;
  /** Length of the part of `analysis` that comes from the output text itself (before decodings). */
  readonly mainLength: number;
  readonly signals: readonly ObfuscationSignal[];
  /** Sorted start offsets of sentences in `lower`. */
  readonly sentenceStarts: readonly number[];
}

const LEX = loadLexicon<ObfuscationLexicon>("obfuscation");
const CONFUSABLES = new Map(Object.entries(LEX.confusables));
const SENSITIVE = new Set(LEX.sensitiveWords);
const ABBREVIATIONS = new Set(LEX.abbreviations);

// Invisible characters that split words without showing anything.
const ZERO_WIDTH = new Set([
  0x200b, 0x200c, 0x200d, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xfeff, 0x180e,
]);
// Removed silently: legitimate in typesetting and right-to-left text.
const SILENT = new Set([0x00ad, 0x200e, 0x200f, 0x034f]);
const BIDI = (cp: number) => (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
const CONTROL = (cp: number) =>
  (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp <= 0x9f);
const WORDISH = /[\p{L}\p{N}]/u;
const PICTO = /\p{Extended_Pictographic}/u;

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;
const LATIN = /[A-Za-z\u00C0-\u024F]/;
const CYR_OR_GREEK = /[\u0370-\u03FF\u0400-\u04FF\u0500-\u052F]/;
const LEET_SHAPE = /^[a-z013457]+$/;
const LEET_INTERIOR = /[a-z][013457]+[a-z]/;
const LEET_LEADING = /^[013457][a-z]{2,}/;
const UNIT_SUFFIX =
  /^\d+(?:st|nd|rd|th|s|d|k|m|x|am|pm|mg|kg|ml|cm|mm|km|gb|mb|kb|hz|px|v|w|h|l|g|mcg|lb|lbs|oz|yr|yrs|min)$/;
const LOWER_TO_UPPER = /[a-z][A-Z]/;
// Single letters joined by dots, hyphens, underscores or asterisks ("h.u.r.t", "g-u-n").
const SPACED_JOINED = /(?<![\p{L}\p{N}.\-_*])(?:[a-z][.\-_*]){2,30}[a-z](?![\p{L}\p{N}])/gu;
// Single letters separated by single spaces ("k i l l"), four or more.
const SPACED_BLANK = /(?<![\p{L}\p{N}])(?:[a-z] ){3,30}[a-z](?![\p{L}\p{N}])/gu;
const BASE64 = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,4096}={0,2}(?![A-Za-z0-9+/=_-])/g;
const SENTENCE_BREAK = /[.!?;:]+["')\]]*\s+|\n+|\s-\s/g;

// Characters foldChars acts on; text without any of them (most text) skips the per-character pass.
// Matching control and invisible (combining) characters is the point of this expression.
const SPECIAL =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ab\u00ad\u00bb\u034f\u180e\u200b-\u200f\u2010-\u2015\u2018-\u201f\u202a-\u202e\u2032\u2033\u2060-\u2064\u2066-\u2069\u2212\ufeff]/g;
const FOLDED: Readonly<Record<string, string>> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201b": "'",
  "\u2032": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u201f": '"',
  "\u00ab": '"',
  "\u00bb": '"',
  "\u2033": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2212": "-",
};

function foldChars(input: string, signals: ObfuscationSignal[]): string {
  SPECIAL.lastIndex = 0;
  if (!SPECIAL.test(input)) return input;
  let zeroWidth = 0;
  let bidi = 0;
  let control = 0;
  const out = input.replace(SPECIAL, (ch: string, offset: number) => {
    const cp = ch.charCodeAt(0);
    if (ZERO_WIDTH.has(cp)) {
      const prev = input.slice(Math.max(0, offset - 2), offset);
      const next = input.slice(offset + 1, offset + 3);
      const emojiJoiner = cp === 0x200d && (PICTO.test(prev) || PICTO.test(next));
      const leadingBom = cp === 0xfeff && offset === 0;
      if (
        !emojiJoiner &&
        !leadingBom &&
        WORDISH.test(prev.slice(-1)) &&
        WORDISH.test(next.slice(0, 1))
      )
        zeroWidth++;
      return "";
    }
    if (SILENT.has(cp)) return "";
    if (BIDI(cp)) {
      bidi++;
      return "";
    }
    if (CONTROL(cp)) {
      control++;
      return " ";
    }
    return FOLDED[ch] ?? ch;
  });
  if (zeroWidth > 0)
    signals.push({
      kind: "zero-width",
      detail: `${zeroWidth} invisible character(s) inside words`,
    });
  if (bidi > 0)
    signals.push({ kind: "bidi-control", detail: `${bidi} bidirectional override character(s)` });
  if (control > 0)
    signals.push({ kind: "control-character", detail: `${control} control character(s)` });
  return out;
}

const LATIN_ALL = /[A-Za-z\u00C0-\u024F]/g;
const OTHER_ALL = /[\u0370-\u03FF\u0400-\u04FF\u0500-\u052F]/g;
const LEET_HINT = /[a-z][013457]|[013457][a-z]/i;

function foldTokens(input: string, signals: ObfuscationSignal[]): string {
  const hasOtherScript = CYR_OR_GREEK.test(input);
  // Most text has neither another script nor digits next to letters: nothing to fold.
  if (!hasOtherScript && !LEET_HINT.test(input)) return input;
  const mostlyLatin = hasOtherScript
    ? (input.match(LATIN_ALL)?.length ?? 0) > (input.match(OTHER_ALL)?.length ?? 0) * 3
    : true;
  const homoglyphs: string[] = [];
  const leet: string[] = [];
  const out = input.replace(TOKEN, (token) => {
    const hasOther = CYR_OR_GREEK.test(token);
    if (hasOther) {
      const hasLatin = LATIN.test(token);
      let allConfusable = true;
      let folded = "";
      for (const ch of token) {
        const mapped = CONFUSABLES.get(ch);
        if (mapped !== undefined) folded += mapped;
        else {
          if (CYR_OR_GREEK.test(ch)) allConfusable = false;
          folded += ch;
        }
      }
      // A whole word in another script is a translation; a word mixing scripts, or a Cyrillic
      // word made only of Latin look-alikes inside Latin text, is disguise.
      if (
        hasLatin ||
        (allConfusable && mostlyLatin && token.length >= THRESHOLDS.homoglyphMinWordLength)
      ) {
        homoglyphs.push(token);
        return folded;
      }
      return token;
    }
    const lower = token.toLowerCase();
    if (
      token.length >= 3 &&
      token.length <= THRESHOLDS.leetMaxTokenLength &&
      LEET_SHAPE.test(lower) &&
      /[a-z]/.test(lower) &&
      (LEET_INTERIOR.test(lower) || LEET_LEADING.test(lower)) &&
      !UNIT_SUFFIX.test(lower) &&
      !LOWER_TO_UPPER.test(token)
    ) {
      let folded = "";
      for (const ch of token) folded += LEX.leet[ch] ?? ch;
      leet.push(folded.toLowerCase());
      return folded;
    }
    return token;
  });
  if (homoglyphs.length > 0) {
    signals.push({
      kind: "homoglyph",
      detail: `look-alike letters from another script in ${homoglyphs.length} word(s)`,
    });
  }
  if (leet.length >= THRESHOLDS.leetMinTokens || leet.some((word) => SENSITIVE.has(word))) {
    signals.push({
      kind: "leetspeak",
      detail: `digits standing for letters in ${leet.length} word(s)`,
    });
  }
  return out;
}

function collapseSpacedLetters(input: string, signals: ObfuscationSignal[]): string {
  let count = 0;
  const join = (match: string) => {
    const letters = match.replace(/[^a-z]/g, "");
    if (ABBREVIATIONS.has(letters)) return match;
    count++;
    return letters;
  };
  let out = input.replace(SPACED_JOINED, join);
  out = out.replace(SPACED_BLANK, join);
  if (count > 0)
    signals.push({
      kind: "spaced-letters",
      detail: `${count} word(s) spelled out with separators`,
    });
  return out;
}

/** Decodes base64 runs that turn out to be readable text; binary (e.g. an image header) is left alone. */
function decodeBase64(input: string, signals: ObfuscationSignal[]): string[] {
  const decoded: string[] = [];
  for (const match of execAll(BASE64, input)) {
    const token = match[0];
    if (!/[A-Z]/.test(token) || !/[a-z]/.test(token)) continue;
    const bytes = Buffer.from(token.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length < THRESHOLDS.base64MinDecodedBytes) continue;
    let printable = 0;
    let letters = 0;
    let spaces = 0;
    for (const b of bytes) {
      if ((b >= 0x20 && b <= 0x7e) || b === 0x0a || b === 0x0d || b === 0x09) printable++;
      if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) letters++;
      if (b === 0x20) spaces++;
    }
    if (
      printable / bytes.length >= THRESHOLDS.base64MinPrintableRatio &&
      letters / bytes.length >= 0.5 &&
      spaces >= 1
    ) {
      decoded.push(bytes.toString("latin1"));
    }
  }
  if (decoded.length > 0)
    signals.push({ kind: "base64", detail: `${decoded.length} base64 run(s) decode to text` });
  return decoded;
}

const HEX_RUN = /(?<![0-9a-fA-Fx])(?:[0-9a-fA-F]{2}){12,2048}(?![0-9a-fA-F])/g;

/** Decodes long hex runs that turn out to be readable text (a hash or address stays binary). */
function decodeHex(input: string, signals: ObfuscationSignal[]): string[] {
  const decoded: string[] = [];
  for (const match of execAll(HEX_RUN, input)) {
    const bytes = Buffer.from(match[0], "hex");
    let printable = 0;
    let spaces = 0;
    for (const b of bytes) {
      if (b >= 0x20 && b <= 0x7e) printable++;
      if (b === 0x20) spaces++;
    }
    if (printable === bytes.length && spaces >= 1) decoded.push(bytes.toString("latin1"));
  }
  if (decoded.length > 0)
    signals.push({ kind: "hex", detail: `${decoded.length} hex run(s) decode to text` });
  return decoded;
}

function sentenceStarts(lower: string): number[] {
  const starts = [0];
  for (const match of execAll(SENTENCE_BREAK, lower))
    starts.push((match.index ?? 0) + match[0].length);
  return starts;
}

// Letters from styled alphabets (mathematical bold/italic, full-width, circled) that NFKC folds to ASCII.
const STYLED = /[\u{1D400}-\u{1D7FF}\uFF21-\uFF3A\uFF41-\uFF5A\u24B6-\u24E9]/u;

function basic(input: string, signals: ObfuscationSignal[]): string {
  if (STYLED.test(input))
    signals.push({ kind: "styled-letters", detail: "letters from styled alphabets" });
  // Printable ASCII is already in NFKC.
  let text = foldChars(/^[\x20-\x7e]*$/.test(input) ? input : input.normalize("NFKC"), signals);
  text = foldTokens(text, signals);
  text = collapseSpacedLetters(text, signals);
  return text.replace(/\s+/g, " ").trim();
}

export function normalizeText(original: string): NormalizedText {
  const signals: ObfuscationSignal[] = [];
  const main = basic(original, signals);
  const decoded = [...decodeBase64(main, signals), ...decodeHex(main, signals)].map((text) =>
    basic(text, []),
  );
  const analysis = decoded.length === 0 ? main : `${main}\n${decoded.join("\n")}`;
  const lower = analysis.toLowerCase();
  return {
    original,
    analysis,
    lower,
    mainLength: main.length,
    signals,
    sentenceStarts: sentenceStarts(lower),
  };
}

/** [start, end) of the sentence that contains offset `index` in `text.lower`. */
export function sentenceAround(text: NormalizedText, index: number): [number, number] {
  const starts = text.sentenceStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  const end = lo + 1 < starts.length ? starts[lo + 1] : text.lower.length;
  return [starts[lo], end];
}
