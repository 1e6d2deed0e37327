import { readFileSync } from "node:fs";
import { canonicalJson } from "../protocol/payload.js";

/**
 * Lexicons are data files (lexicons/*.json), read once at module load. Their canonical JSON goes
 * into the checker version, so editing any of them changes `checkerVersion`.
 */
export const LEXICON_NAMES = [
  "harm",
  "injection",
  "finance",
  "legal",
  "medical",
  "pii",
  "obfuscation",
] as const;
export type LexiconName = (typeof LEXICON_NAMES)[number];

const cache = new Map<LexiconName, unknown>();

export function loadLexicon<T>(name: LexiconName): T {
  let value = cache.get(name);
  if (value === undefined) {
    const url = new URL(`./lexicons/${name}.json`, import.meta.url);
    value = JSON.parse(readFileSync(url, "utf8")) as unknown;
    cache.set(name, value);
  }
  return value as T;
}

/** Canonical JSON of every lexicon, keyed by name (for the checker version). */
export function lexiconsCanonical(): string {
  const all: Record<string, unknown> = {};
  for (const name of LEXICON_NAMES) all[name] = loadLexicon(name);
  return canonicalJson(all);
}

/** Expands `{macro}` references (macros may use other macros) into a regular expression source. */
export function expandMacros(source: string, macros: Readonly<Record<string, string>>): string {
  let out = source;
  for (let depth = 0; depth < 6 && out.includes("{"); depth++) {
    out = out.replace(/\{([a-z_]+)\}/g, (whole, name: string) =>
      Object.hasOwn(macros, name) ? `(?:${macros[name]})` : whole,
    );
  }
  return out;
}

/**
 * Compiles a lexicon pattern matched against the lower-cased analysis text. Patterns are wrapped
 * in letter/digit boundaries so that "kill" never matches inside "skill". The `u` flag is left
 * out on purpose: the analysis text is already folded to Latin where it matters.
 */
export function compilePattern(source: string, macros: Readonly<Record<string, string>>): RegExp {
  return new RegExp(`(?<![a-z0-9])(?:${expandMacros(source, macros)})(?![a-z0-9])`, "g");
}
