import { expect } from "chai";
import { parseByzantine } from "../../offchain/cli/commands/demo.js";
import { devSetDir } from "../../offchain/devnet/paths.js";
import {
  expectedOutcome,
  loadDevSet,
  loadPayloads,
  selectExamples,
} from "../../offchain/demo/devSet.js";
import { formatProgress } from "../../offchain/demo/progress.js";
import { countPhases, type TrackedRequest } from "../../offchain/demo/tracker.js";
import { computeOutputHash } from "../../offchain/protocol/payload.js";

describe("demo building blocks", function () {
  const examples = loadDevSet(devSetDir());

  describe("selectExamples", function () {
    it("is deterministic and alternates clean and flawed examples over the four domains", function () {
      const a = selectExamples(examples, 20).map((e) => e.id);
      const b = selectExamples([...examples].reverse(), 20).map((e) => e.id);
      expect(a).to.deep.equal(b);
      expect(new Set(a).size).to.equal(20);
      const picked = selectExamples(examples, 8);
      expect(picked.map((e) => e.payload.domain)).to.deep.equal([
        "healthcare",
        "finance",
        "legal",
        "general",
        "healthcare",
        "finance",
        "legal",
        "general",
      ]);
      const outcomes = picked.map(expectedOutcome);
      expect(outcomes.filter((o) => o === "Accepted").length).to.equal(4);
      expect(outcomes.filter((o) => o === "Rejected").length).to.equal(4);
    });

    it("has both outcomes in every prefix of two or more", function () {
      const outcomes = selectExamples(examples, 2).map(expectedOutcome);
      expect(new Set(outcomes)).to.deep.equal(new Set(["Accepted", "Rejected"]));
    });

    it("refuses more examples than the dev set holds", function () {
      expect(() => selectExamples(examples, examples.length + 1)).to.throw(/only \d+ examples/);
    });
  });

  it("loadPayloads cycles the dev set with a distinct output hash for every request", function () {
    const payloads = loadPayloads(examples, examples.length * 2 + 3);
    const hashes = new Set(payloads.map((p) => computeOutputHash(p.payload)));
    expect(hashes.size).to.equal(payloads.length);
  });

  it("counts requests by phase and outcome for the live line", function () {
    const r = (phase: TrackedRequest["phase"], outcomeName?: string): TrackedRequest =>
      ({
        index: 0,
        example: examples[0],
        phase,
        result: outcomeName ? ({ outcomeName } as TrackedRequest["result"]) : undefined,
      }) as TrackedRequest;
    const counts = countPhases([
      r("Queued"),
      r("Commit"),
      r("Commit"),
      r("Reveal"),
      r("Finalizable"),
      r("Finalized", "Accepted"),
      r("Finalized", "Rejected"),
      r("Finalized", "Rejected"),
    ]);
    expect(counts).to.include({
      total: 8,
      queued: 1,
      commit: 2,
      reveal: 1,
      finalizable: 1,
      finalized: 3,
      accepted: 1,
      rejected: 2,
      noQuorum: 0,
    });
    expect(formatProgress(counts, { elapsedS: 12.4, slashes: 1 })).to.equal(
      "[  12 s] | queued 1 | commit 2 | reveal 1 | finalizable 1 | finalized 3/8 (accepted 1, rejected 2) | slashes 1",
    );
  });

  it("parses --byzantine lists and refuses unknown behaviours", function () {
    expect(parseByzantine("liar,equivocator")).to.deep.equal(["liar", "equivocator"]);
    expect(parseByzantine("none")).to.deep.equal([]);
    expect(() => parseByzantine("liar,honest")).to.throw(/unknown Byzantine behaviour "honest"/);
    expect(() => parseByzantine("sneaky")).to.throw(/unknown Byzantine behaviour "sneaky"/);
  });
});
