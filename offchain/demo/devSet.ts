import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { OutcomeName } from "../client/types.js";

/** One labelled example of ../shared/dev-set/examples. */
export interface DevExample {
  readonly id: string;
  readonly payload: { readonly domain: string; readonly [key: string]: unknown };
  readonly expect: {
    readonly safe: boolean;
    readonly domain_pass: boolean;
    readonly quality: "high" | "low";
    readonly categories: readonly string[];
  };
}

export const DOMAINS = ["healthcare", "finance", "legal", "general"] as const;

/** Every example of the directory, sorted by id (so selection never depends on the file system). */
export function loadDevSet(dir: string): DevExample[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as DevExample)
    .sort(byId);
}

const byId = (a: DevExample, b: DevExample) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The outcome an honest network reaches on an example: Accepted only when clean on every axis. */
export function expectedOutcome(
  example: DevExample,
): Extract<OutcomeName, "Accepted" | "Rejected"> {
  const e = example.expect;
  return e.safe && e.domain_pass && e.quality === "high" ? "Accepted" : "Rejected";
}

/**
 * Picks `count` examples deterministically: round-robin over the four domains, alternating clean
 * (expected Accepted) and flawed (expected Rejected) examples, each list in id order, so every run
 * submits the same requests and any prefix of two or more has both outcomes. Throws when the set
 * runs out.
 */
export function selectExamples(examples: readonly DevExample[], count: number): DevExample[] {
  const pools = DOMAINS.map((domain) => {
    const inDomain = [...examples].sort(byId).filter((e) => e.payload.domain === domain);
    return {
      clean: inDomain.filter((e) => expectedOutcome(e) === "Accepted"),
      flawed: inDomain.filter((e) => expectedOutcome(e) === "Rejected"),
    };
  });
  const out: DevExample[] = [];
  for (let i = 0; out.length < count; i++) {
    const before = out.length;
    // Round r visits every domain; the clean/flawed choice alternates with i, and shifts by one
    // every round so each domain gets both kinds.
    for (let d = 0; d < DOMAINS.length && out.length < count; d++) {
      const k = i * DOMAINS.length + d;
      const wantClean = (k + i) % 2 === 0;
      const pool = pools[d];
      const list = wantClean ? pool.clean : pool.flawed;
      const other = wantClean ? pool.flawed : pool.clean;
      const pick = list.shift() ?? other.shift();
      if (pick !== undefined) out.push(pick);
    }
    if (out.length === before) {
      throw new Error(`the dev set has only ${out.length} examples; asked for ${count}`);
    }
  }
  return out;
}

/**
 * `count` request payloads for load: the dev set cycled in id order, each copy made unique (a
 * distinct `model.version`) so that every request has its own output hash.
 */
export function loadPayloads(examples: readonly DevExample[], count: number): DevExample[] {
  const ordered = selectExamples(examples, examples.length);
  return Array.from({ length: count }, (_, i) => {
    const base = ordered[i % ordered.length];
    const round = Math.floor(i / ordered.length);
    if (round === 0) return base;
    const model = (base.payload.model ?? {}) as Record<string, unknown>;
    return {
      ...base,
      id: `${base.id}#${round}`,
      payload: {
        ...base.payload,
        model: { ...model, version: `${String(model.version ?? "1")}-r${round}` },
      },
    };
  });
}
