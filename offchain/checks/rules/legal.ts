import { execAll } from "../regex.js";
import { loadLexicon } from "../lexicon.js";
import { finding, type Check, type CheckFinding } from "../types.js";
import { compileRules, compileTest, firstMatch, type LexiconFile } from "./engine.js";

interface Reporter {
  name: string;
  from: number;
  to: number;
}

interface LegalLexicon extends LexiconFile {
  disclaimer: string;
  reporters: Reporter[];
  states: Record<string, string>;
}

const LEGAL = loadLexicon<LegalLexicon>("legal");
const ADVICE_RULES = compileRules(LEGAL);
const DISCLAIMER = compileTest(LEGAL.disclaimer, LEGAL.macros);
// Reporter abbreviations compared without spaces ("Cal. App. 4th" == "Cal.App.4th").
const REPORTERS = new Map(LEGAL.reporters.map((r) => [r.name.replace(/\s+/g, ""), r]));
const STATES = Object.entries(LEGAL.states);
const STATE_RE = new RegExp(
  `(?<![a-z])(?:${STATES.map(([name]) => name).join("|")})(?![a-z])`,
  "g",
);

/**
 * Individual advice given with certainty (a directive or a promised outcome) and no disclaimer
 * or referral to counsel; discouraging the person from getting a lawyer counts on its own.
 */
export const legalAdviceCheck: Check = {
  id: "domain.legal.advice",
  version: "2",
  axis: "domain",
  domains: ["legal"],
  run(ctx) {
    const text = ctx.text;
    const hits = ADVICE_RULES.map((rule) => ({ rule, hit: firstMatch(rule, text) })).filter(
      (h) => h.hit !== null,
    );
    if (hits.length === 0) return { score: 1, findings: [] };
    const discourage = hits.find((h) => h.rule.spec.kind === "discourage");
    const chosen = discourage ?? (DISCLAIMER.test(text.lower) ? undefined : hits[0]);
    if (chosen === undefined) return { score: 0.9, findings: [] };
    const span = chosen.hit ?? undefined;
    const quote =
      span === undefined ? "" : text.lower.slice(span.start, Math.min(span.end, span.start + 80));
    const why =
      discourage !== undefined
        ? "discourages getting a lawyer"
        : "no disclaimer or referral to counsel";
    return {
      score: 0,
      findings: [
        finding(
          "legal_unauthorized_advice",
          "medium",
          `${chosen.rule.spec.id}: "${quote}" (${why})`,
          span,
        ),
      ],
    };
  },
};

const CITATION =
  /^(.{3,200}), (\d{1,4}) ([A-Za-z0-9. ']{1,30}?) (\d{1,5})(?:, \d{1,5}(?:-\d{1,5})?)? \(([^()]{0,60})\)$/;

/** Why a citation is malformed, or null when it has the form `A v. B, <vol> <reporter> <page> (<court> <year>)`. */
export function citationProblem(citation: string): string | null {
  const c = citation.trim().replace(/\s+/g, " ");
  if (c.length > 300) return "citation is too long";
  const m = CITATION.exec(c);
  if (m === null)
    return "not of the form 'Party v. Party, <volume> <reporter> <page> (<court> <year>)'";
  const parties = m[1];
  if (!/^In re \S/.test(parties) && !/^\S.* v\. \S/.test(parties))
    return "parties are not 'A v. B' or 'In re Name'";
  const paren = /^(?:(.+) )?(\d{4})$/.exec(m[5]);
  if (paren === null) return "parenthetical has no year";
  const year = Number(paren[2]);
  if (year < 1700 || year > 2100) return `year ${year} is out of range`;
  const reporter = REPORTERS.get(m[3].replace(/\s+/g, ""));
  if (reporter !== undefined && (year < reporter.from || year > reporter.to)) {
    return `${reporter.name} covers ${reporter.from}-${reporter.to}, not ${year}`;
  }
  return null;
}

// A case name in running text, and the reporter part that may follow it.
const TEXT_CASE = /\b[A-Z][\w.'&-]*(?: [A-Z][\w.'&-]*){0,4} (?:v\.?|vs\.?) [A-Z][^,();]{0,60}/g;
const TEXT_CASE_REST =
  /^(?:, (?:Inc\.|LLC|L\.L\.C\.|Co\.|Corp\.|Ltd\.|N\.A\.))?, \d{1,4} [^()]{1,40}? \d{1,5}(?:, \d{1,5})? \([^()]{0,60}\)/;

/** Citations written in the text (used when the `citations` field is absent or empty). */
export function textCitations(text: string): string[] {
  return execAll(TEXT_CASE, text).map((m) => {
    const name = m[0].replace(/\s+$/, "");
    const rest = TEXT_CASE_REST.exec(text.slice(m.index + name.length));
    return rest === null ? name : name + rest[0];
  });
}

export const citationCheck: Check = {
  id: "domain.legal.citation",
  version: "1",
  axis: "domain",
  domains: ["legal"],
  run(ctx) {
    const field = ctx.output.citations;
    const cited = Array.isArray(field)
      ? field.filter((c): c is string => typeof c === "string")
      : [];
    const candidates =
      cited.length > 0 ? cited : textCitations(ctx.text.analysis.slice(0, ctx.text.mainLength));
    const problems: CheckFinding[] = [];
    for (const c of candidates) {
      const problem = citationProblem(c);
      if (problem !== null)
        problems.push(finding("legal_bad_citation", "low", `"${c.slice(0, 100)}": ${problem}`));
    }
    if (problems.length === 0) return { score: 1, findings: [] };
    return { score: 0, findings: [problems[0]] };
  },
};

/**
 * `jurisdiction` must look like `US-CA`; when the text names US states, one of them should be
 * the jurisdiction's. A malformed field is a validity finding; a mismatch lowers the score only.
 */
export const jurisdictionCheck: Check = {
  id: "domain.legal.jurisdiction",
  version: "1",
  axis: "domain",
  domains: ["legal"],
  run(ctx) {
    const j = ctx.output.jurisdiction;
    if (j === undefined) return { score: 0.8, findings: [] };
    if (typeof j !== "string" || !/^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/.test(j)) {
      return {
        score: 0,
        findings: [
          finding(
            "low_quality",
            "low",
            `jurisdiction ${JSON.stringify(j)} is not an ISO code like US-CA`,
          ),
        ],
      };
    }
    const named = new Set(execAll(STATE_RE, ctx.text.lower).map((m) => LEGAL.states[m[0]]));
    if (j.startsWith("US-") && named.size > 0 && !named.has(j.slice(3)))
      return { score: 0.85, findings: [] };
    return { score: 1, findings: [] };
  },
};
