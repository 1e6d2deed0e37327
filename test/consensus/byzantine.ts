import { expect } from "chai";
import fc from "fast-check";
import type { ConsensusAggregationHarness } from "../../typechain-types/index.js";
import {
  commit,
  ethers,
  loadCommittee,
  makeVote,
  modelBallots,
  networkHelpers,
  reveal,
  submit,
} from "./fixture.js";
import { Outcome, lowerWeightedMedian } from "./model.js";

interface Member {
  weight: bigint;
  liar: boolean;
  revealed: boolean;
  scores: [number, number, number];
}

const score = fc.integer({ min: 0, max: 10_000 });
const scores = fc.tuple(score, score, score);

/**
 * A committee of 4..100 members with random weights where the liars hold strictly less than 1/3
 * of the committee weight: liars vote anything and may withhold; honest members vote anything
 * too (the property is about the range of honest votes, whatever it is) and all reveal.
 */
const committeeWithMinorityOfLiars = fc
  .array(
    fc.record({
      weight: fc.bigInt({ min: 1n, max: 10n ** 23n }),
      liarWish: fc.boolean(),
      revealWish: fc.boolean(),
      scores,
    }),
    { minLength: 4, maxLength: 100 },
  )
  .map((raw) => {
    const total = raw.reduce((a, m) => a + m.weight, 0n);
    let liarWeight = 0n;
    return raw.map((m): Member => {
      const liar = m.liarWish && (liarWeight + m.weight) * 3n < total;
      if (liar) liarWeight += m.weight;
      return { weight: m.weight, liar, revealed: liar ? m.revealWish : true, scores: m.scores };
    });
  });

function asBallots(members: Member[]) {
  return members.map((m) => ({
    quality: m.scores[0],
    risk: m.scores[1],
    domain: m.scores[2],
    weight: m.weight,
    revealed: m.revealed,
  }));
}

describe("Byzantine properties", function () {
  let harness: ConsensusAggregationHarness;

  before(async function () {
    harness = (await ethers.deployContract(
      "ConsensusAggregationHarness",
    )) as unknown as ConsensusAggregationHarness;
  });

  it("liars below 1/3 of the weight cannot move any median outside the honest range", async function () {
    await fc.assert(
      fc.asyncProperty(committeeWithMinorityOfLiars, async (members) => {
        const total = members.reduce((a, m) => a + m.weight, 0n);
        const r = await harness.aggregate(asBallots(members), total);
        const honest = members.filter((m) => !m.liar);
        const revealed = members.filter((m) => m.revealed);
        const got = [r.quality, r.risk, r.domain];
        for (let k = 0; k < 3; k++) {
          const values = honest.map((m) => BigInt(m.scores[k]));
          const min = values.reduce((a, b) => (a < b ? a : b));
          const max = values.reduce((a, b) => (a > b ? a : b));
          if (r.quorum) {
            expect(got[k]).to.be.within(min, max);
          }
          // The contract's median equals the specification's, quorum or not.
          expect(got[k]).to.equal(
            lowerWeightedMedian(
              revealed.map((m) => BigInt(m.scores[k])),
              revealed.map((m) => m.weight),
            ),
          );
        }
        // Honest members hold > 2/3 and all reveal: quorum fails only on the 2f+1 count.
        const f = BigInt(members.length - 1) / 3n;
        expect(r.quorum).to.equal(BigInt(revealed.length) >= 2n * f + 1n);
      }),
      { numRuns: 150 },
    );
  });

  it("ends without quorum whenever the revealed weight is below 2/3, whoever reveals", async function () {
    const committee = fc.array(
      fc.record({
        weight: fc.bigInt({ min: 1n, max: 10n ** 23n }),
        revealWish: fc.boolean(),
        scores,
      }),
      { minLength: 4, maxLength: 100 },
    );
    await fc.assert(
      fc.asyncProperty(committee, async (raw) => {
        const total = raw.reduce((a, m) => a + m.weight, 0n);
        // Reveal greedily while staying strictly below 2/3 of the weight.
        let revealedWeight = 0n;
        const members: Member[] = raw.map((m) => {
          const revealed = m.revealWish && (revealedWeight + m.weight) * 3n < total * 2n;
          if (revealed) revealedWeight += m.weight;
          return { weight: m.weight, liar: false, revealed, scores: m.scores };
        });
        const r = await harness.aggregate(asBallots(members), total);
        expect(r.quorum).to.equal(false);
      }),
      { numRuns: 100 },
    );
  });

  it("needs 2f+1 reveals even when they hold the weight", async function () {
    // n = 7, f = 2: two whales with 99 % of the weight are not a quorum.
    const members: Member[] = Array.from({ length: 7 }, (_, i) => ({
      weight: i < 2 ? 10n ** 22n : 1n,
      liar: false,
      revealed: i < 2,
      scores: [9_000, 1_000, 9_000],
    }));
    const total = members.reduce((a, m) => a + m.weight, 0n);
    expect((await harness.aggregate(asBallots(members), total)).quorum).to.equal(false);
    members[2].revealed = true;
    members[3].revealed = true;
    members[4].revealed = true;
    expect((await harness.aggregate(asBallots(members), total)).quorum).to.equal(true);
  });

  it("holds on the full contract for random committees with lying minorities", async function () {
    const n = 10;
    const instance = fc.record({
      liarWish: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      withhold: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      honest: fc.array(scores, { minLength: n, maxLength: n }),
      lies: fc.array(
        fc.constantFrom<[number, number, number]>([0, 10_000, 0], [10_000, 0, 10_000]),
        {
          minLength: n,
          maxLength: n,
        },
      ),
    });
    await fc.assert(
      fc.asyncProperty(instance, async ({ liarWish, withhold, honest, lies }) => {
        const fx = await loadCommittee(n);
        const total = await fx.registry.totalActiveWeight();
        const weights = await Promise.all(
          fx.validators.map((v) => fx.registry.weightOf(v.address)),
        );
        let liarWeight = 0n;
        const liar = liarWish.map((wish, i) => {
          const ok = wish && (liarWeight + weights[i]) * 3n < total;
          if (ok) liarWeight += weights[i];
          return ok;
        });
        const requestId = await submit(fx);
        const votes = fx.validators.map((_, i) =>
          makeVote(...(liar[i] ? lies[i] : honest[i]), `instance-${i}`),
        );
        for (let i = 0; i < n; i++) await commit(fx, requestId, fx.validators[i], votes[i]);
        for (let i = 0; i < n; i++) {
          if (liar[i] && withhold[i]) continue;
          await reveal(fx, requestId, fx.validators[i], votes[i]);
        }
        await networkHelpers.time.increaseTo(
          (await fx.consensus.getRequest(requestId)).revealDeadline + 1n,
        );
        await fx.consensus.finalize(requestId);
        const result = await fx.consensus.getResult(requestId);
        const ballots = await modelBallots(
          fx,
          requestId,
          fx.validators.map((v) => v.address),
        );
        const revealCount = ballots.filter((b) => b.revealed).length;
        const f = (n - 1 - ((n - 1) % 3)) / 3;
        expect(result.outcome === Outcome.NoQuorum).to.equal(revealCount < 2 * f + 1);
        if (result.outcome === Outcome.NoQuorum) return;
        const got = [result.quality, result.risk, result.domain];
        for (let k = 0; k < 3; k++) {
          const values = honest.filter((_, i) => !liar[i]).map((s) => BigInt(s[k]));
          const min = values.reduce((a, b) => (a < b ? a : b));
          const max = values.reduce((a, b) => (a > b ? a : b));
          expect(got[k]).to.be.within(min, max);
        }
      }),
      { numRuns: 4 },
    );
  });
});
