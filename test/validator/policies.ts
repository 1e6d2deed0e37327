import { expect } from "chai";
import {
  colluder,
  equivocator,
  lazy,
  liar,
  policyFor,
  withholder,
} from "../../offchain/simulation/behaviours.js";
import { crashHooksFromEnv } from "../../offchain/simulation/crash.js";
import { finalizeRank } from "../../offchain/validator/duties/finalize.js";
import { honestPolicy } from "../../offchain/validator/policy.js";
import { votesEqual } from "../../offchain/protocol/vote.js";

const honest = {
  quality: 9000,
  risk: 1000,
  domain: 8500,
  findingsHash: `0x${"11".repeat(32)}` as `0x${string}`,
};

describe("vote policies (offchain/simulation)", function () {
  it("honest votes the assessment and reveals it", function () {
    expect(honestPolicy.vote(honest, 1n)).to.deep.equal(honest);
    expect(honestPolicy.shouldReveal(1n)).to.equal(true);
    expect(honestPolicy.extraAttestations(honest, 1n)).to.deep.equal([]);
  });

  it("liar mirrors every score", function () {
    expect(liar.vote(honest, 1n)).to.include({ quality: 1000, risk: 9000, domain: 1500 });
  });

  it("colluder votes the fixed value whatever the payload", function () {
    const c = colluder({ quality: 9500, risk: 500, domain: 9500 });
    expect(votesEqual(c.vote(honest, 1n)!, c.vote({ ...honest, quality: 0 }, 2n)!)).to.equal(true);
  });

  it("withholder commits but never reveals; lazy never votes", function () {
    expect(withholder.vote(honest, 1n)).to.deep.equal(honest);
    expect(withholder.shouldReveal(1n)).to.equal(false);
    expect(lazy.vote(honest, 1n)).to.equal(null);
  });

  it("equivocator signs a second, different vote", function () {
    const [other] = equivocator.extraAttestations(honest, 1n);
    expect(votesEqual(other, honest)).to.equal(false);
  });

  it("policyFor maps every behaviour, honest by default", function () {
    expect(policyFor("honest", { quality: 0, risk: 0, domain: 0 })).to.equal(honestPolicy);
    expect(policyFor("equivocator", { quality: 0, risk: 0, domain: 0 }).name).to.equal(
      "equivocator",
    );
  });

  it("crash hooks exist only when QCP_TEST_CRASH_AFTER names a crash point", function () {
    expect(crashHooksFromEnv({})).to.equal(undefined);
    expect(() => crashHooksFromEnv({ QCP_TEST_CRASH_AFTER: "sometime" })).to.throw(
      /must be one of/,
    );
  });
});

describe("finalize stagger", function () {
  const committee = [
    "0x1000000000000000000000000000000000000001",
    "0x2000000000000000000000000000000000000002",
    "0x3000000000000000000000000000000000000003",
    "0x4000000000000000000000000000000000000004",
  ];

  it("gives every member a distinct rank, and the order changes with the request", function () {
    for (const id of [1n, 2n, 77n]) {
      const ranks = committee.map((a) => finalizeRank(committee, a, id));
      expect([...ranks].sort()).to.deep.equal([0, 1, 2, 3]);
    }
    const first = (id: bigint) => committee.find((a) => finalizeRank(committee, a, id) === 0);
    const firsts = new Set([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n].map((id) => first(id)));
    expect(firsts.size).to.be.greaterThan(1);
  });

  it("puts a non-member last", function () {
    expect(finalizeRank(committee, "0x5000000000000000000000000000000000000005", 1n)).to.equal(4);
  });
});
