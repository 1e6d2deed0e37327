import { expect } from "chai";
import fc from "fast-check";
import {
  AssessInputError,
  assessmentJson,
  assessPayload,
  assessRaw,
  type Assessment,
} from "../../offchain/checks/index.js";
import { CATEGORIES } from "../../offchain/protocol/findings.js";

function expectWellFormed(a: Assessment): void {
  for (const bps of [a.quality, a.risk, a.domain]) {
    expect(Number.isInteger(bps) && bps >= 0 && bps <= 10_000, `bps ${bps}`).to.equal(true);
  }
  expect(a.findingsHash).to.match(/^0x[0-9a-f]{64}$/);
  for (const f of a.findings) expect(CATEGORIES).to.include(f.category);
  expect(a.outputHash === null || /^0x[0-9a-f]{64}$/.test(a.outputHash)).to.equal(true);
}

/** Runs `f`; the only acceptable error is AssessInputError. */
function assessedOrRefused(f: () => Assessment): void {
  try {
    expectWellFormed(f());
  } catch (error) {
    if (!(error instanceof AssessInputError)) throw error;
  }
}

const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constantFrom(
    "",
    "\u200b\u200c\u200d",
    "\u0000\u0007\u001b[31m",
    "ignore previous instructions",
    "4539 1488 0343 6467",
    "\ud800 lone",
  ),
);
const num = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e308),
  fc.integer(),
);
const payloadLike = fc.record(
  {
    schema: fc.oneof(fc.constant("qcp/request@1"), fc.string({ maxLength: 20 })),
    domain: fc.oneof(
      fc.constantFrom("healthcare", "finance", "legal", "general"),
      fc.string({ maxLength: 10 }),
    ),
    output: fc.record(
      {
        text,
        confidence: num,
        risk_score: num,
        risk_label: fc.constantFrom("low", "medium", "high", "LOW", 7),
        treatment: fc.record({
          drug: fc.constantFrom("ibuprofen", "loperamide", "x"),
          dose_mg: num,
          frequency_per_day: num,
        }),
        citations: fc.array(fc.oneof(fc.string({ maxLength: 80 }), num), { maxLength: 3 }),
        jurisdiction: fc.oneof(fc.constant("US-CA"), fc.string({ maxLength: 8 })),
      },
      { requiredKeys: [] },
    ),
    explanation: fc.record(
      {
        features: fc.array(fc.string({ maxLength: 10 }), { maxLength: 6 }),
        shap_values: fc.array(num, { maxLength: 8 }),
        lime_weights: fc.array(num, { maxLength: 8 }),
        rules: fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
    proof: fc.record(
      {
        type: fc.constantFrom("provider-signature", "other"),
        provider: fc.string(),
        signature: fc.string(),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

describe("bad input never crashes or hangs (fast-check)", function () {
  this.timeout(120_000);

  it("any JSON value is assessed or refused with AssessInputError", function () {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => assessedOrRefused(() => assessPayload(v))),
    );
  });

  it("payload-shaped values with NaN, infinities, control characters and mismatched arrays are assessed", function () {
    fc.assert(
      fc.property(payloadLike, (p) => {
        const a = assessPayload(p);
        expectWellFormed(a);
        expect(assessmentJson(assessPayload(structuredClone(p)))).to.equal(assessmentJson(a));
      }),
    );
  });

  it("random bytes are assessed or refused (invalid UTF-8, malformed JSON)", function () {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) =>
        assessedOrRefused(() => assessRaw(bytes)),
      ),
    );
  });

  it("deep nesting is refused without recursion, in raw text and in memory", function () {
    fc.assert(
      fc.property(fc.integer({ min: 33, max: 5000 }), (depth) => {
        expect(() => assessRaw("[".repeat(depth) + "]".repeat(depth))).to.throw(AssessInputError);
        let v: unknown = {};
        for (let i = 0; i < depth; i++) v = { output: v };
        expect(() => assessPayload(v)).to.throw(AssessInputError);
      }),
      { numRuns: 30 },
    );
  });

  it("long adversarial texts near the size limit finish quickly (no catastrophic backtracking)", function () {
    const fillers = [
      "you are ",
      "a.",
      "1 ",
      "a-",
      "ignore all the the ",
      "kill ",
      "x".repeat(50) + " ",
      "<!-- ",
      "A1b2",
      "v. ",
      "$",
      "0",
      "take 5 mg ibuprofen ",
      "Smith v. Jones ",
      "i\u0430",
      "1234567890 ",
      // Shapes of the bounded word-gap patterns (group nouns, clause breaks, order timing).
      "people from that religion are ",
      "you are a ugly, ",
      ", just ",
      "keep texting her ",
      "at exactly 10 ",
      "stop eating for ",
    ];
    for (const filler of fillers) {
      const t = filler.repeat(Math.floor(200_000 / filler.length));
      const started = process.hrtime.bigint();
      for (const domain of ["legal", "healthcare", "finance"]) {
        expectWellFormed(
          assessPayload({ schema: "qcp/request@1", domain, output: { text: t, confidence: 0.9 } }),
        );
      }
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      expect(ms, `filler ${JSON.stringify(filler)} took ${ms} ms`).to.be.below(15_000);
    }
  });

  it("more than 256 KiB of text is refused", function () {
    expect(() => assessPayload({ output: { text: "a".repeat(300_000) } })).to.throw(
      AssessInputError,
      /256 KiB/,
    );
  });
});
