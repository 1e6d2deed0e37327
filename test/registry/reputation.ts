import { expect } from "chai";
import {
  ethers,
  expectedWeight,
  loadRegistry,
  MIN_STAKE,
  nextReputation,
  Roles,
  type RegistryFixture,
} from "./fixture.js";

async function withValidators(f: RegistryFixture, count: number, stake = MIN_STAKE) {
  const list = f.validators.slice(0, count);
  for (const v of list) await f.registry.connect(v).register(stake, 0n);
  return list;
}

describe("ValidatorRegistry: updateReputation", function () {
  it("moves 10% of the way to the performance, rounding increases down", async function () {
    const f = await loadRegistry();
    const [alice] = await withValidators(f, 1);
    // 5000 + 1000 * (10_000 - 5000) / 10_000 = 5500 exactly.
    await expect(f.registry.connect(f.consensus).updateReputation(alice.address, 10_000))
      .to.emit(f.registry, "ReputationUpdated")
      .withArgs(alice.address, 5_000n, 5_500n);
    // 5500 + 1000 * (5519 - 5500) / 10_000 = 5501.9 -> 5501.
    await expect(f.registry.connect(f.consensus).updateReputation(alice.address, 5_519))
      .to.emit(f.registry, "ReputationUpdated")
      .withArgs(alice.address, 5_500n, 5_501n);
  });

  it("rounds decreases up", async function () {
    const f = await loadRegistry();
    const [alice] = await withValidators(f, 1);
    // 5000 - ceil(1000 * (5000 - 4999) / 10_000) = 5000 - ceil(0.1) = 4999.
    await expect(f.registry.connect(f.consensus).updateReputation(alice.address, 4_999))
      .to.emit(f.registry, "ReputationUpdated")
      .withArgs(alice.address, 5_000n, 4_999n);
    // 4999 - ceil(1000 * 4999 / 10_000) = 4999 - ceil(499.9) = 4499.
    await expect(f.registry.connect(f.consensus).updateReputation(alice.address, 0))
      .to.emit(f.registry, "ReputationUpdated")
      .withArgs(alice.address, 4_999n, 4_499n);
  });

  it("emits nothing when an increase rounds to zero or the value is already at a bound", async function () {
    const f = await loadRegistry();
    const [alice] = await withValidators(f, 1);
    // 1000 * 9 / 10_000 = 0.9 -> 0: no change, no event.
    await expect(
      f.registry.connect(f.consensus).updateReputation(alice.address, 5_009),
    ).not.to.emit(f.registry, "ReputationUpdated");
    await expect(
      f.registry.connect(f.consensus).updateReputation(alice.address, 5_000),
    ).not.to.emit(f.registry, "ReputationUpdated");
    expect((await f.registry.getValidator(alice.address)).reputationBps).to.equal(5_000n);
  });

  it("clamps at 1000 from below and reaches 10_000 from above", async function () {
    const f = await loadRegistry();
    const [alice, bob] = await withValidators(f, 2);
    let rep = 5_000n;
    for (let i = 0; i < 40; i++) {
      await f.registry.connect(f.consensus).updateReputation(alice.address, 0);
      rep = nextReputation(rep, 0n);
    }
    expect(rep).to.equal(1_000n);
    expect((await f.registry.getValidator(alice.address)).reputationBps).to.equal(1_000n);
    await expect(f.registry.connect(f.consensus).updateReputation(alice.address, 0)).not.to.emit(
      f.registry,
      "ReputationUpdated",
    );
    // Rounding down, repeated 10_000 stalls below 10_000 (at 9991): the max is a clamp, not an attractor.
    rep = 5_000n;
    for (let i = 0; i < 80; i++) {
      await f.registry.connect(f.consensus).updateReputation(bob.address, 10_000);
      rep = nextReputation(rep, 10_000n);
    }
    expect((await f.registry.getValidator(bob.address)).reputationBps).to.equal(rep);
    expect(rep).to.equal(9_991n);
    expect(await f.registry.totalActiveWeight()).to.equal(
      expectedWeight(MIN_STAKE, 1_000n) + expectedWeight(MIN_STAKE, rep),
    );
  });

  it("reverts on a performance above 10_000", async function () {
    const f = await loadRegistry();
    const [alice] = await withValidators(f, 1);
    await expect(f.registry.connect(f.consensus).updateReputation(alice.address, 10_001))
      .to.be.revertedWithCustomError(f.registry, "RegistryInvalidPerformance")
      .withArgs(10_001n);
  });

  it("updates an unbonding validator's reputation without touching the active total", async function () {
    const f = await loadRegistry();
    const [alice, bob] = await withValidators(f, 2);
    await f.registry.connect(alice).requestUnbond();
    const total = await f.registry.totalActiveWeight();
    await expect(f.registry.connect(f.consensus).updateReputation(alice.address, 10_000))
      .to.emit(f.registry, "ReputationUpdated")
      .withArgs(alice.address, 5_000n, 5_500n);
    expect(await f.registry.totalActiveWeight()).to.equal(total);
    expect(await f.registry.weightOf(alice.address)).to.equal(expectedWeight(MIN_STAKE, 5_500n));
    await f.registry.connect(f.consensus).updateReputation(bob.address, 10_000);
    expect(await f.registry.totalActiveWeight()).to.equal(expectedWeight(MIN_STAKE, 5_500n));
  });

  it("skips an unregistered or withdrawn validator silently", async function () {
    const f = await loadRegistry();
    const stranger = f.validators[5];
    await expect(f.registry.connect(f.consensus).updateReputation(stranger.address, 0)).not.to.emit(
      f.registry,
      "ReputationUpdated",
    );
    expect((await f.registry.getValidator(stranger.address)).reputationBps).to.equal(0n);
  });

  it("is CONSENSUS_ROLE only", async function () {
    const f = await loadRegistry();
    const [alice] = await withValidators(f, 1);
    for (const caller of [f.admin, f.slasher, alice]) {
      await expect(f.registry.connect(caller).updateReputation(alice.address, 0))
        .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, Roles.CONSENSUS);
    }
  });
});

describe("ValidatorRegistry: updateReputations", function () {
  it("applies each update in order and keeps the total exact", async function () {
    const f = await loadRegistry();
    const vs = await withValidators(f, 4, 3n * MIN_STAKE);
    const perf = [10_000n, 0n, 7_777n, 5_000n];
    const tx = f.registry
      .connect(f.consensus)
      .updateReputations([...vs.map((v) => v.address), vs[0].address], [...perf, 0n]);
    await expect(tx)
      .to.emit(f.registry, "ReputationUpdated")
      .withArgs(vs[0].address, 5_000n, 5_500n);
    await expect(tx)
      .to.emit(f.registry, "ReputationUpdated")
      .withArgs(vs[1].address, 5_000n, 4_500n);
    await expect(tx)
      .to.emit(f.registry, "ReputationUpdated")
      .withArgs(vs[2].address, 5_000n, 5_277n);
    // The duplicate entry applies after the first: 5500 - ceil(550) = 4950.
    await expect(tx)
      .to.emit(f.registry, "ReputationUpdated")
      .withArgs(vs[0].address, 5_500n, 4_950n);
    const reps = [4_950n, 4_500n, 5_277n, 5_000n];
    let total = 0n;
    for (let i = 0; i < 4; i++) {
      expect((await f.registry.getValidator(vs[i].address)).reputationBps).to.equal(reps[i]);
      total += expectedWeight(3n * MIN_STAKE, reps[i]);
    }
    expect(await f.registry.totalActiveWeight()).to.equal(total);
  });

  it("reverts on a length mismatch and on any invalid performance (all or nothing)", async function () {
    const f = await loadRegistry();
    const [alice, bob] = await withValidators(f, 2);
    await expect(
      f.registry.connect(f.consensus).updateReputations([alice.address, bob.address], [1]),
    )
      .to.be.revertedWithCustomError(f.registry, "RegistryLengthMismatch")
      .withArgs(2n, 1n);
    await expect(
      f.registry
        .connect(f.consensus)
        .updateReputations([alice.address, bob.address], [10_000, 20_000]),
    )
      .to.be.revertedWithCustomError(f.registry, "RegistryInvalidPerformance")
      .withArgs(20_000n);
    expect((await f.registry.getValidator(alice.address)).reputationBps).to.equal(5_000n);
  });

  it("accepts an empty batch", async function () {
    const f = await loadRegistry();
    await expect(f.registry.connect(f.consensus).updateReputations([], [])).not.to.emit(
      f.registry,
      "ReputationUpdated",
    );
  });

  it("is CONSENSUS_ROLE only", async function () {
    const f = await loadRegistry();
    await expect(f.registry.connect(f.outsider).updateReputations([ethers.ZeroAddress], [0]))
      .to.be.revertedWithCustomError(f.registry, "AccessControlUnauthorizedAccount")
      .withArgs(f.outsider.address, Roles.CONSENSUS);
  });
});
