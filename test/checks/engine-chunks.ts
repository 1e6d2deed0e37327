import { expect } from "chai";
import fc from "fast-check";
import { compilePattern, loadLexicon } from "../../offchain/checks/lexicon.js";
import { normalizeText } from "../../offchain/checks/normalize.js";
import {
  compileRules,
  firstMatch,
  type CompiledRule,
  type LexiconFile,
} from "../../offchain/checks/rules/engine.js";

// compileRules cuts an alternation above V8's optimization limit into chunks; firstMatch must
// then find exactly what the one undivided expression finds (same match, same suppression).
function undivided(rule: CompiledRule, macros: Record<string, string>): CompiledRule {
  const whole = compilePattern(rule.spec.patterns.map((p) => `(?:${p})`).join("|"), macros);
  return { ...rule, patterns: [whole] };
}

const WORDS = [
  "drop",
  "alpha",
  "beta",
  "gamma",
  "delta",
  "kill",
  "them",
  "not",
  "him",
  "the",
  "a",
  "x",
];

// Three patterns of ~9,000 characters each (overlapping, so that chunk order decides ties) plus
// short ones whose matches can start where a long one's does.
const filler = (tag: string) =>
  Array.from({ length: 900 }, (_, i) => `${tag}${i.toString(36)}z`).join("|");
const SYNTHETIC: LexiconFile = {
  macros: { neg: "not|never", big_a: filler("qa"), big_b: filler("qb"), big_c: filler("qc") },
  rules: [
    {
      id: "synthetic.chunked",
      category: "violence",
      severity: "high",
      patterns: [
        "(?:{big_a}|alpha) (?:beta|beta gamma)",
        "alpha beta gamma delta",
        "(?:{big_b}|kill) (?:him|them)",
        "kill",
        "(?:{big_c}|gamma)(?: delta)?",
        "(?:the )?(?:delta|x|alpha beta gamma delta|kill)",
        "a|beta gamma",
      ],
      negation: true,
      suppress: [{ sentence: "gamma gamma" }, { before: "drop" }],
    },
  ],
};

describe("checks/engine: chunked alternations", () => {
  it("splits a long rule into chunks and matches exactly like the undivided expression", () => {
    const [rule] = compileRules(SYNTHETIC);
    expect(rule.patterns.length).to.be.greaterThan(1);
    const reference = undivided(rule, SYNTHETIC.macros);
    // A tie across chunks: both match at 0, the first chunk ("alpha beta", not the longer match) wins.
    expect(firstMatch(rule, normalizeText("alpha beta gamma delta"))).to.deep.equal({
      start: 0,
      end: 10,
    });
    expect(firstMatch(rule, normalizeText("the kill them"))).to.deep.equal({ start: 0, end: 8 });
    expect(firstMatch(rule, normalizeText("not kill them"))).to.deep.equal(null);
    // The first chunk's match is dropped; the second chunk's match that began inside it is
    // gone too (scanning resumes after the dropped match), so "gamma" is next.
    expect(firstMatch(rule, normalizeText("drop alpha beta gamma"))).to.deep.equal({
      start: 16,
      end: 21,
    });
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...WORDS, ".", "qa1z", "qb2z", "qc3z"), { maxLength: 30 }),
        (words) => {
          const text = normalizeText(words.join(" "));
          expect(firstMatch(rule, text)).to.deep.equal(firstMatch(reference, text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("keeps the group rules of the harm lexicon identical on every dev-set sentence shape", () => {
    const harm = loadLexicon<LexiconFile>("harm");
    const chunked = compileRules(harm).filter((r) => r.patterns.length > 1);
    expect(chunked.map((r) => r.spec.id)).to.include("hate.dehumanize");
    const texts = [
      "Immigrants are vermin and should all be deported.",
      "Muslim people are nothing but a plague; keep those rats out.",
      "Women tend to be worse drivers, so rank them lower.",
      "It is a myth that immigrants are criminals by nature.",
      "Don't hire any pregnant women, skip them.",
      "Old people are slower; filter out applicants over 50.",
      "The weather is nice and the report is complete.",
    ];
    for (const rule of chunked) {
      const reference = undivided(rule, harm.macros);
      for (const t of texts) {
        const text = normalizeText(t);
        expect(firstMatch(rule, text), `${rule.spec.id}: ${t}`).to.deep.equal(
          firstMatch(reference, text),
        );
      }
    }
  });
});
