import { expect } from "chai";
import { commit, ethers, loadCommittee, makeVote, reveal, submit } from "./fixture.js";
import { Outcome } from "./model.js";

const bytes32 = (name: string) => ethers.encodeBytes32String(name);

/** setter, parameter name, [min, max] hard-coded bounds, default. */
const PARAMETERS = [
  ["setMinValidators", "minValidators", 4n, 100n, 4n],
  ["setCommitWindow", "commitWindow", 10n, 86_400n, 120n],
  ["setRevealWindow", "revealWindow", 10n, 86_400n, 120n],
  ["setMinQuality", "minQuality", 1_000n, 10_000n, 7_000n],
  ["setRiskThreshold", "riskThreshold", 1n, 10_000n, 5_000n],
  ["setDomainThreshold", "domainThreshold", 1_000n, 10_000n, 8_000n],
  ["setAgreementThreshold", "agreementThreshold", 5_000n, 10_000n, 8_000n],
  ["setAgreementTolerance", "agreementTolerance", 100n, 5_000n, 1_000n],
  ["setNonRevealSlashBps", "nonRevealSlashBps", 50n, 5_000n, 100n],
  ["setProtocolFeeBps", "protocolFeeBps", 0n, 2_000n, 500n],
] as const;

describe("QualityConsensus governance", function () {
  for (const [setter, name, min, max, initial] of PARAMETERS) {
    describe(name, function () {
      it("updates within bounds and emits old and new values", async function () {
        const fx = await loadCommittee(4);
        const c = fx.consensus.connect(fx.admin);
        for (const value of [min, max]) {
          const old = value === min ? initial : min;
          await expect(c[setter](value))
            .to.emit(fx.consensus, "ParameterUpdated")
            .withArgs(bytes32(name), old, value);
        }
      });

      it("reverts outside its bounds", async function () {
        const fx = await loadCommittee(4);
        const c = fx.consensus.connect(fx.admin);
        const outside = [max + 1n, ...(min > 0n ? [min - 1n] : [])];
        for (const value of outside) {
          await expect(c[setter](value))
            .to.be.revertedWithCustomError(fx.consensus, "ConsensusParameterOutOfBounds")
            .withArgs(bytes32(name), value, min, max);
        }
      });

      it("is reserved to PARAMETER_ROLE", async function () {
        const fx = await loadCommittee(4);
        await expect(fx.consensus.connect(fx.outsider)[setter](min))
          .to.be.revertedWithCustomError(fx.consensus, "AccessControlUnauthorizedAccount")
          .withArgs(fx.outsider.address, await fx.consensus.PARAMETER_ROLE());
      });
    });
  }

  it("reserves pause to PAUSER_ROLE", async function () {
    const fx = await loadCommittee(4);
    await expect(fx.consensus.connect(fx.outsider).pause())
      .to.be.revertedWithCustomError(fx.consensus, "AccessControlUnauthorizedAccount")
      .withArgs(fx.outsider.address, await fx.consensus.PAUSER_ROLE());
  });

  it("reads parameters through getters and currentParams", async function () {
    const fx = await loadCommittee(4);
    expect(await fx.consensus.minValidators()).to.equal(4n);
    expect(await fx.consensus.commitWindow()).to.equal(120n);
    expect(await fx.consensus.revealWindow()).to.equal(120n);
    expect(await fx.consensus.MAX_PAYLOAD_BYTES()).to.equal(24n * 1024n);
    const p = await fx.consensus.currentParams();
    expect([p.minQuality, p.riskThreshold, p.domainThreshold, p.agreementThreshold]).to.deep.equal([
      7_000n,
      5_000n,
      8_000n,
      8_000n,
    ]);
    expect([p.agreementTolerance, p.nonRevealSlashBps, p.protocolFeeBps]).to.deep.equal([
      1_000n,
      100n,
      500n,
    ]);
    expect(await fx.consensus.registry()).to.equal(fx.addresses.registry);
  });

  it("never changes a request in flight: parameters are snapshotted at submission", async function () {
    const fx = await loadCommittee(4);
    const requestId = await submit(fx);
    const before = await fx.consensus.getRequest(requestId);
    const c = fx.consensus.connect(fx.admin);
    await c.setMinQuality(9_500n);
    await c.setCommitWindow(3_600n);
    await c.setProtocolFeeBps(2_000n);
    const after = await fx.consensus.getRequest(requestId);
    expect(after.params.toString()).to.equal(before.params.toString());
    expect(after.commitDeadline).to.equal(before.commitDeadline);
    const vote = makeVote(9_000, 1_000, 9_000);
    for (const v of fx.validators) await commit(fx, requestId, v, vote);
    for (const v of fx.validators) await reveal(fx, requestId, v, vote);
    await fx.consensus.finalize(requestId);
    // 9000 >= the snapshotted 7000, though below today's 9500.
    expect((await fx.consensus.getResult(requestId)).outcome).to.equal(Outcome.Accepted);
    const next = await submit(fx);
    expect((await fx.consensus.getRequest(next)).params.minQuality).to.equal(9_500n);
  });

  it("rejects zero addresses at construction", async function () {
    const fx = await loadCommittee(4);
    const factory = await ethers.getContractFactory("QualityConsensus");
    await expect(
      factory.deploy(fx.addresses.registry, ethers.ZeroAddress),
    ).to.be.revertedWithCustomError(fx.consensus, "ConsensusZeroAddress");
  });
});
