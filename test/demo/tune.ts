import { expect } from "chai";
import {
  DEFAULT_TUNE_POLICY,
  decideTuning,
  type TunedParameter,
} from "../../offchain/governance/tune.js";
import { health, state, validator } from "./healthFixture.js";

const proposal = (decision: ReturnType<typeof decideTuning>, parameter: TunedParameter) =>
  decision.proposals.find((p) => p.parameter === parameter);

describe("governance tune: decideTuning", function () {
  it("proposes nothing from fewer finalized requests than minSamples", function () {
    const d = decideTuning(health({ finalized: 9, commitP99: 59 }), state());
    expect(d.proposals).to.deep.equal([]);
    expect(d.notes[0]).to.match(/only 9 finalized request\(s\).*at least 10/);
  });

  it("proposes nothing for a healthy network whose figures sit inside every band", function () {
    const d = decideTuning(health({}), state());
    expect(d.proposals).to.deep.equal([]);
    expect(d.notes.join("\n")).to.match(/commitWindow: p99 .* 30 s uses 50.0 %/);
  });

  describe("windows", function () {
    it("grows the commit window to p99 × headroom when the p99 delay uses over 80 % of it", function () {
      const d = decideTuning(health({ commitP99: 55 }), state());
      const p = proposal(d, "commitWindow")!;
      expect(p.current).to.equal(60n);
      expect(p.proposed).to.equal(110n);
      expect(p.reason).to.match(/p99 commit delay .* 55 s, 91.7 % of the 60 s window/);
    });

    it("grows a window by at most maxWindowStep per proposal", function () {
      const d = decideTuning(health({ revealP99: 200 }), state());
      expect(proposal(d, "revealWindow")!.proposed).to.equal(120n);
    });

    it("shrinks an idle window toward p99 × headroom, at most halving it, never below 20 s", function () {
      const halved = decideTuning(health({ commitP99: 5 }), state({ commitWindow: 120n }));
      expect(proposal(halved, "commitWindow")!.proposed).to.equal(60n);
      const floor = decideTuning(health({ revealP99: 2 }), state({ revealWindow: 30n }));
      expect(proposal(floor, "revealWindow")!.proposed).to.equal(20n);
    });

    it("stays inside the contract bounds and says so when already at the bound", function () {
      const bounded = { commitWindow: { min: 10n, max: 90n } };
      const clamped = decideTuning(health({ commitP99: 55 }), state({}, 7, bounded));
      expect(proposal(clamped, "commitWindow")!.proposed).to.equal(90n);
      const atMax = decideTuning(
        health({ commitP99: 85 }),
        state({ commitWindow: 90n }, 7, bounded),
      );
      expect(proposal(atMax, "commitWindow")).to.equal(undefined);
      expect(atMax.notes.join("\n")).to.match(
        /commitWindow: would change but is already at its bound \(90 s\)/,
      );
    });

    it("leaves a window alone when nothing was observed in it", function () {
      const d = decideTuning(health({ revealP99: null }), state());
      expect(proposal(d, "revealWindow")).to.equal(undefined);
      expect(d.notes.join("\n")).to.match(/revealWindow: no reveal delay/);
    });
  });

  describe("minValidators", function () {
    it("follows two thirds of the healthy validators (participation ≥ 80 %, not slashed)", function () {
      const validators = [
        ...Array.from({ length: 8 }, (_, i) => validator(i, 1)),
        validator(8, 0.5),
        validator(9, 1, 1),
      ];
      const d = decideTuning(health({ validators, slashes: 1 }), state({ minValidators: 4n }, 10));
      const p = proposal(d, "minValidators")!;
      expect(p.proposed).to.equal(6n); // ⌈2 × 8 / 3⌉
      expect(p.reason).to.match(/8 of 10 observed validators are healthy/);
    });

    it("never asks for more validators than are active, nor fewer than 4", function () {
      const many = Array.from({ length: 12 }, (_, i) => validator(i, 1));
      expect(
        proposal(decideTuning(health({ validators: many }), state({}, 6)), "minValidators")!
          .proposed,
      ).to.equal(6n);
      const few = [validator(0, 1), validator(1, 1), validator(2, 0.1)];
      expect(
        proposal(
          decideTuning(health({ validators: few }), state({ minValidators: 6n }, 3)),
          "minValidators",
        )!.proposed,
      ).to.equal(4n);
    });
  });

  describe("agreement", function () {
    it("widens the tolerance when many results are contested and no anomaly explains it", function () {
      const d = decideTuning(health({ contestedRate: 0.25 }), state());
      const p = proposal(d, "agreementTolerance")!;
      expect(p.proposed).to.equal(1_250n);
      expect(p.reason).to.match(/25.0 % of results are contested/);
    });

    it("does not loosen the tolerance when slashes or low participation explain the contested results", function () {
      const d = decideTuning(health({ contestedRate: 0.25, slashes: 2 }), state());
      expect(proposal(d, "agreementTolerance")).to.equal(undefined);
      expect(d.notes.join("\n")).to.match(/investigate validators rather than loosen/);
    });

    it("stops widening at the policy cap", function () {
      const d = decideTuning(
        health({ contestedRate: 0.5 }),
        state({ agreementTolerance: DEFAULT_TUNE_POLICY.toleranceCapBps }),
      );
      expect(proposal(d, "agreementTolerance")).to.equal(undefined);
    });

    it("narrows a widened tolerance back toward 1000 bps when agreement is near unanimous", function () {
      const d = decideTuning(
        health({ contestedRate: 0, averageAgreementBps: 9_800 }),
        state({ agreementTolerance: 1_100n }),
      );
      expect(proposal(d, "agreementTolerance")!.proposed).to.equal(1_000n);
    });

    it("raises the threshold when agreement is far above it, and never lowers it", function () {
      const up = decideTuning(health({ averageAgreementBps: 9_700 }), state());
      expect(proposal(up, "agreementThreshold")!.proposed).to.equal(8_500n);
      const contested = decideTuning(
        health({ contestedRate: 0.6, averageAgreementBps: 6_000 }),
        state(),
      );
      expect(proposal(contested, "agreementThreshold")).to.equal(undefined);
    });
  });
});
