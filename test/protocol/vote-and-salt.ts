import { expect } from "chai";
import { Wallet } from "ethers";
import { deriveSalt } from "../../offchain/protocol/salt.js";
import { eip712Domain } from "../../offchain/protocol/eip712.js";
import { assertVote, fromBps, toBps, votesEqual } from "../../offchain/protocol/vote.js";

const CONSENSUS = "0x00000000000000000000000000000000000000c0";
const ZERO_HASH = `0x${"00".repeat(32)}` as const;

describe("offchain/protocol vote", () => {
  it("toBps rounds fractions to basis points and rejects values outside [0, 1]", () => {
    expect(toBps(0)).to.equal(0);
    expect(toBps(1)).to.equal(10_000);
    expect(toBps(0.12345)).to.equal(1235);
    for (const bad of [-0.01, 1.01, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => toBps(bad)).to.throw(RangeError);
    }
  });

  it("fromBps inverts toBps and rejects non-integers", () => {
    expect(fromBps(7000)).to.equal(0.7);
    expect(() => fromBps(10_001)).to.throw(RangeError, /0\.\.10000/);
    expect(() => fromBps(1.5)).to.throw(RangeError);
  });

  it("assertVote rejects out-of-range scores and malformed findings hashes", () => {
    expect(() =>
      assertVote({ quality: 1, risk: 2, domain: 3, findingsHash: ZERO_HASH }),
    ).not.to.throw();
    expect(() =>
      assertVote({ quality: 10_001, risk: 2, domain: 3, findingsHash: ZERO_HASH }),
    ).to.throw(RangeError, /quality/);
    expect(() => assertVote({ quality: 1, risk: 2, domain: 3, findingsHash: "0x1234" })).to.throw(
      RangeError,
      /findingsHash/,
    );
  });

  it("votesEqual compares every field, hashes case-insensitively", () => {
    const a = { quality: 1, risk: 2, domain: 3, findingsHash: `0x${"ab".repeat(32)}` as const };
    expect(votesEqual(a, { ...a, findingsHash: `0x${"AB".repeat(32)}` })).to.equal(true);
    expect(votesEqual(a, { ...a, risk: 4 })).to.equal(false);
  });
});

describe("offchain/protocol salt", () => {
  const domain = eip712Domain(31337n, CONSENSUS);

  it("is deterministic for one key and request, so a validator can re-derive it after losing its disk", async () => {
    const key = Wallet.createRandom().privateKey;
    const first = await deriveSalt(new Wallet(key), domain, 7n);
    const again = await deriveSalt(new Wallet(key), domain, 7n);
    expect(first).to.match(/^0x[0-9a-f]{64}$/);
    expect(again).to.equal(first);
  });

  it("differs between requests, keys and deployments", async () => {
    const wallet = Wallet.createRandom();
    const base = await deriveSalt(wallet, domain, 7n);
    expect(await deriveSalt(wallet, domain, 8n)).not.to.equal(base);
    expect(await deriveSalt(Wallet.createRandom(), domain, 7n)).not.to.equal(base);
    const otherDeployment = eip712Domain(31337n, "0x00000000000000000000000000000000000000c1");
    expect(await deriveSalt(wallet, otherDeployment, 7n)).not.to.equal(base);
  });
});
