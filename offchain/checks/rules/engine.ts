import type { Category, Severity } from "../../protocol/findings.js";
import { compilePattern, expandMacros } from "../lexicon.js";
import { sentenceAround, type NormalizedText } from "../normalize.js";
import { THRESHOLDS } from "../thresholds.js";
import { finding, type CheckFinding } from "../types.js";

/** A lexicon rule as stored in lexicons/*.json. */
export interface RuleSpec {
  id: string;
  category: Category;
  severity: Severity;
  patterns: string[];
  /** Drop a match whose sentence has a negator shortly before it ("don't hurt him"). */
  negation: boolean;
  /** Each entry drops a match when all of its given conditions hold. */
  suppress: SuppressSpec[];
  /** All given conditions must hold for any match to count. */
  require?: { sentence?: string; text?: string };
  kind?: string;
}

interface SuppressSpec {
  before?: string;
  sentence?: string;
  text?: string;
  /** The match sits inside double quotes. */
  quoted?: boolean;
}

export interface LexiconFile {
  macros: Record<string, string>;
  rules: RuleSpec[];
}

interface CompiledSuppress {
  before?: RegExp;
  sentence?: RegExp;
  text?: RegExp;
  quoted?: boolean;
}

export interface CompiledRule {
  spec: RuleSpec;
  /**
   * The rule's patterns as ONE alternation, split into consecutive chunks (most rules: a single
   * chunk). firstMatch merges the chunks' matches so that they behave as the single expression.
   */
  patterns: RegExp[];
  suppress: CompiledSuppress[];
  requireSentence?: RegExp;
  requireText?: RegExp;
  negator?: RegExp;
}

/** Compiles a bounded "contains" test (no `g` flag, so `test` keeps no state). */
export function compileTest(source: string, macros: Readonly<Record<string, string>>): RegExp {
  return new RegExp(`(?<![a-z0-9])(?:${expandMacros(source, macros)})(?![a-z0-9])`);
}

/**
 * V8 stops optimizing a regular expression whose source is longer than 20 KB
 * (`kRegExpTooLargeToOptimize`): the two rules built on the `{group}` macro expand to 26 KB and
 * 36 KB and scanned 3-6x slower than the same alternation cut into pieces below that size
 * (measured on the dev set). Chunks stay under this many characters of expanded source.
 */
const MAX_CHUNK_SOURCE = 16_000;

/**
 * Cuts a rule's pattern list into consecutive runs whose expanded alternation stays under
 * MAX_CHUNK_SOURCE (a single larger pattern is a run of its own), each compiled like the whole.
 */
function compileChunks(sources: readonly string[], macros: Readonly<Record<string, string>>) {
  const chunks: RegExp[] = [];
  let run: string[] = [];
  let size = 0;
  for (const source of sources) {
    const alternative = `(?:${source})`;
    const length = expandMacros(alternative, macros).length + 1;
    if (run.length > 0 && size + length > MAX_CHUNK_SOURCE) {
      chunks.push(compilePattern(run.join("|"), macros));
      run = [];
      size = 0;
    }
    run.push(alternative);
    size += length;
  }
  if (run.length > 0) chunks.push(compilePattern(run.join("|"), macros));
  return chunks;
}

export function compileRules(lexicon: LexiconFile): CompiledRule[] {
  const { macros } = lexicon;
  const negator = macros.neg === undefined ? undefined : compileTest(macros.neg, macros);
  return lexicon.rules.map((spec) => ({
    spec,
    // One alternation per rule: a single scan of the text instead of one per pattern (in
    // chunks only when V8 would not optimize the whole).
    patterns: compileChunks(spec.patterns, macros),
    suppress: spec.suppress.map((s) => ({
      before:
        s.before === undefined
          ? undefined
          : new RegExp(`(?:${expandMacros(s.before, macros)})\\s*$`),
      sentence: s.sentence === undefined ? undefined : compileTest(s.sentence, macros),
      text: s.text === undefined ? undefined : compileTest(s.text, macros),
      quoted: s.quoted,
    })),
    requireSentence:
      spec.require?.sentence === undefined ? undefined : compileTest(spec.require.sentence, macros),
    requireText:
      spec.require?.text === undefined ? undefined : compileTest(spec.require.text, macros),
    negator: spec.negation ? negator : undefined,
  }));
}

const isWordChar = (code: number) => (code >= 97 && code <= 122) || (code >= 48 && code <= 57);

/** Inside "double" quotes, or inside 'single' quotes (an apostrophe inside a word is not a quote). */
function insideQuotes(lower: string, sentenceStart: number, index: number): boolean {
  let doubles = 0;
  let single = false;
  for (let i = sentenceStart; i < index; i++) {
    const c = lower.charCodeAt(i);
    if (c === 34) doubles++;
    else if (c === 39) {
      const before = i === 0 ? false : isWordChar(lower.charCodeAt(i - 1));
      const after = i + 1 < lower.length && isWordChar(lower.charCodeAt(i + 1));
      if (!single && !before && after) single = true;
      else if (single && before && !after) single = false;
    }
  }
  return doubles % 2 === 1 || single;
}

// A clause break: a semicolon, colon or dash, or a comma that opens a new clause ("..., just",
// "..., this fund").
const CLAUSE_BREAK =
  /(?:[;:]|\s[-\u2013\u2014]\s|,\s(?:but|just|so|then|and then|instead|honestly|because|and just|or just|it's|it is|this|that|it|you|we|they|he|she|i)(?![a-z']))/g;

/**
 * The part of the negation window after the last clause break, so that a negator in an earlier
 * clause ("don't tell anyone; just ...") does not cancel a match in a later one. Lists joined by
 * plain commas ("never hit, kick or threaten") keep their negator.
 */
export function clauseTail(before: string): string {
  let cut = 0;
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(before); m !== null; m = CLAUSE_BREAK.exec(before)) {
    cut = m.index + 1;
  }
  return cut === 0 ? before : before.slice(cut);
}

// Several rules share one `require.text` test (e.g. "names a protected group"); it is run once
// per text. Keyed by the compiled expression's source, so equal conditions share the result.
const requireCache = new WeakMap<NormalizedText, Map<string, boolean>>();

function requireHolds(re: RegExp, text: NormalizedText): boolean {
  let seen = requireCache.get(text);
  if (seen === undefined) {
    seen = new Map();
    requireCache.set(text, seen);
  }
  let holds = seen.get(re.source);
  if (holds === undefined) {
    holds = re.test(text.lower);
    seen.set(re.source, holds);
  }
  return holds;
}

/** The first match of `rule` in the text that no negation or suppression condition removes. */
export function firstMatch(
  rule: CompiledRule,
  text: NormalizedText,
): { start: number; end: number } | null {
  const lower = text.lower;
  if (rule.requireText !== undefined && !requireHolds(rule.requireText, text)) return null;
  const chunks = rule.patterns;
  // The next match of each chunk at or after `from` (undefined: not searched yet). The single
  // alternation's next match is the leftmost of these, the earlier chunk winning a tie, since
  // an alternation tries its alternatives in order at each position; a chunk's pending match
  // that starts at or after `from` is still its leftmost one from there.
  const pending: Array<RegExpExecArray | null | undefined> = new Array(chunks.length);
  let from = 0;
  let examined = 0;
  for (;;) {
    let match: RegExpExecArray | null = null;
    for (let i = 0; i < chunks.length; i++) {
      let next = pending[i];
      if (next === undefined || (next !== null && next.index < from)) {
        // exec with lastIndex, not matchAll: matchAll clones the (large) expression per call.
        chunks[i].lastIndex = from;
        next = chunks[i].exec(lower);
        pending[i] = next;
      }
      if (next !== null && (match === null || next.index < match.index)) match = next;
    }
    if (match === null) break;
    const start = match.index;
    const end = start + match[0].length;
    from = end === start ? end + 1 : end;
    if (++examined > THRESHOLDS.maxMatchesPerRule) break;
    const [fullStart, fullEnd] = sentenceAround(text, start);
    // Context is the sentence, cut to a window around the match so work stays linear.
    const sStart = Math.max(fullStart, start - THRESHOLDS.contextWindowChars);
    const sEnd = Math.min(Math.max(fullEnd, end), end + THRESHOLDS.contextWindowChars);
    const sentence = lower.slice(sStart, sEnd);
    if (rule.requireSentence !== undefined && !rule.requireSentence.test(sentence)) continue;
    const before = clauseTail(
      lower.slice(Math.max(sStart, start - THRESHOLDS.negationWindowChars), start),
    );
    if (rule.negator !== undefined && rule.negator.test(before)) continue;
    const suppressed = rule.suppress.some(
      (s) =>
        (s.before === undefined || s.before.test(before)) &&
        (s.sentence === undefined || s.sentence.test(sentence)) &&
        (s.text === undefined || s.text.test(lower)) &&
        (s.quoted !== true || insideQuotes(lower, sStart, start)),
    );
    if (suppressed) continue;
    return { start, end };
  }
  return null;
}

/** Runs rules; at most one finding per category (the first rule and match that survive). */
export function runRules(rules: readonly CompiledRule[], text: NormalizedText): CheckFinding[] {
  const out: CheckFinding[] = [];
  const seen = new Set<Category>();
  for (const rule of rules) {
    if (seen.has(rule.spec.category)) continue;
    const hit = firstMatch(rule, text);
    if (hit === null) continue;
    seen.add(rule.spec.category);
    const quote = text.lower.slice(hit.start, Math.min(hit.end, hit.start + 80));
    out.push(finding(rule.spec.category, rule.spec.severity, `${rule.spec.id}: "${quote}"`, hit));
  }
  return out;
}
