import { expect } from "chai";
import {
  DAY,
  ethers,
  expectedWeight,
  loadRegistry,
  MAX_EFFECTIVE_STAKE,
  MIN_STAKE,
  networkHelpers,
  Roles,
  Status,
} from "./fixture.js";

describe("ValidatorRegistry: increaseStake", function () {
  it("adds to the stake and the active weight", async function () {
    const { registry, token, registryAddress, validators } = await loadRegistry();
    const [alice, bob] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await registry.connect(bob).register(MIN_STAKE, 0n);
    const tx = registry.connect(alice).increaseStake(500n);
    await expect(tx)
      .to.emit(registry, "StakeIncreased")
      .withArgs(alice.address, 500n, MIN_STAKE + 500n);
    await expect(tx).to.changeTokenBalances(ethers, token, [alice, registryAddress], [-500n, 500n]);
    expect((await registry.getValidator(alice.address)).stake).to.equal(MIN_STAKE + 500n);
    expect(await registry.totalActiveWeight()).to.equal(
      expectedWeight(MIN_STAKE + 500n, 5_000n) + expectedWeight(MIN_STAKE, 5_000n),
    );
    // No membership change, no new epoch.
    expect(await registry.epoch()).to.equal(2n);
  });

  it("adds no weight beyond maxEffectiveStake", async function () {
    const { registry, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MAX_EFFECTIVE_STAKE - 1n, 0n);
    await registry.connect(alice).increaseStake(1n);
    const capped = expectedWeight(MAX_EFFECTIVE_STAKE, 5_000n);
    expect(await registry.weightOf(alice.address)).to.equal(capped);
    await registry.connect(alice).increaseStake(MAX_EFFECTIVE_STAKE);
    expect(await registry.weightOf(alice.address)).to.equal(capped);
    expect(await registry.totalActiveWeight()).to.equal(capped);
    expect((await registry.getValidator(alice.address)).stake).to.equal(2n * MAX_EFFECTIVE_STAKE);
  });

  it("reverts on a zero amount", async function () {
    const { registry, validators } = await loadRegistry();
    await registry.connect(validators[0]).register(MIN_STAKE, 0n);
    await expect(registry.connect(validators[0]).increaseStake(0n)).to.be.revertedWithCustomError(
      registry,
      "RegistryZeroAmount",
    );
  });

  it("reverts for an unknown or unbonding validator", async function () {
    const { registry, validators } = await loadRegistry();
    const [alice, bob] = validators;
    await expect(registry.connect(alice).increaseStake(1n))
      .to.be.revertedWithCustomError(registry, "RegistryNotActive")
      .withArgs(alice.address);
    await registry.connect(bob).register(MIN_STAKE, 0n);
    await registry.connect(bob).requestUnbond();
    await expect(registry.connect(bob).increaseStake(1n))
      .to.be.revertedWithCustomError(registry, "RegistryNotActive")
      .withArgs(bob.address);
  });
});

describe("ValidatorRegistry: requestUnbond", function () {
  it("leaves the active set at once, keeps the stake and its weight, and starts the unbonding clock", async function () {
    const { registry, validators } = await loadRegistry();
    const [alice, bob] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await registry.connect(bob).register(3n * MIN_STAKE, 0n);
    const endsAt = BigInt(await networkHelpers.time.latest()) + 1n + 7n * DAY;
    await networkHelpers.time.setNextBlockTimestamp(endsAt - 7n * DAY);
    await expect(registry.connect(alice).requestUnbond())
      .to.emit(registry, "UnbondRequested")
      .withArgs(alice.address, MIN_STAKE, endsAt, 3n);
    const v = await registry.getValidator(alice.address);
    expect(v.status).to.equal(Status.Unbonding);
    expect(v.unbondingEndsAt).to.equal(endsAt);
    expect(v.activeUntilEpoch).to.equal(3n);
    expect(v.stake).to.equal(MIN_STAKE);
    expect(await registry.isActive(alice.address)).to.equal(false);
    expect(await registry.activeValidators()).to.deep.equal([bob.address]);
    // Unbonding stake still has voting weight in committees it belongs to, but not in the total.
    expect(await registry.weightOf(alice.address)).to.equal(expectedWeight(MIN_STAKE, 5_000n));
    expect(await registry.totalActiveWeight()).to.equal(expectedWeight(3n * MIN_STAKE, 5_000n));
  });

  it("uses the unbonding period in force when the unbond is requested", async function () {
    const { registry, admin, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await registry.connect(admin).setUnbondingPeriod(10n * DAY);
    await registry.connect(alice).requestUnbond();
    const now = BigInt(await networkHelpers.time.latest());
    expect((await registry.getValidator(alice.address)).unbondingEndsAt).to.equal(now + 10n * DAY);
  });

  it("reverts when the caller is not active", async function () {
    const { registry, validators } = await loadRegistry();
    const [alice] = validators;
    await expect(registry.connect(alice).requestUnbond())
      .to.be.revertedWithCustomError(registry, "RegistryNotActive")
      .withArgs(alice.address);
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await registry.connect(alice).requestUnbond();
    await expect(registry.connect(alice).requestUnbond())
      .to.be.revertedWithCustomError(registry, "RegistryNotActive")
      .withArgs(alice.address);
  });
});

describe("ValidatorRegistry: withdraw", function () {
  async function unbonded() {
    const f = await loadRegistry();
    const [alice] = f.validators;
    await f.registry.connect(alice).register(MIN_STAKE, 0n);
    await f.registry.connect(alice).requestUnbond();
    const endsAt = (await f.registry.getValidator(alice.address)).unbondingEndsAt;
    return { ...f, alice, endsAt };
  }

  it("reverts one second before unbondingEndsAt and succeeds at it", async function () {
    const { registry, token, registryAddress, alice, endsAt } = await unbonded();
    await networkHelpers.time.setNextBlockTimestamp(endsAt - 1n);
    await expect(registry.connect(alice).withdraw())
      .to.be.revertedWithCustomError(registry, "RegistryStillUnbonding")
      .withArgs(alice.address, endsAt);
    await networkHelpers.time.setNextBlockTimestamp(endsAt);
    const tx = registry.connect(alice).withdraw();
    await expect(tx).to.emit(registry, "Withdrawn").withArgs(alice.address, MIN_STAKE);
    await expect(tx).to.changeTokenBalances(
      ethers,
      token,
      [alice, registryAddress],
      [MIN_STAKE, -MIN_STAKE],
    );
    const v = await registry.getValidator(alice.address);
    expect(v.status).to.equal(Status.None);
    expect(v.stake).to.equal(0n);
    expect(v.unbondingEndsAt).to.equal(0n);
    // Membership history is kept for wasActiveAt.
    expect(v.activeSinceEpoch).to.equal(1n);
    expect(v.activeUntilEpoch).to.equal(2n);
    expect(await registry.wasActiveAt(alice.address, 1n)).to.equal(true);
    expect(await registry.weightOf(alice.address)).to.equal(0n);
  });

  it("reverts for an active or unknown validator, and on a second withdrawal", async function () {
    const { registry, alice, endsAt, validators } = await unbonded();
    const [, bob, carol] = validators;
    await registry.connect(bob).register(MIN_STAKE, 0n);
    await expect(registry.connect(bob).withdraw())
      .to.be.revertedWithCustomError(registry, "RegistryNotUnbonding")
      .withArgs(bob.address);
    await expect(registry.connect(carol).withdraw())
      .to.be.revertedWithCustomError(registry, "RegistryNotUnbonding")
      .withArgs(carol.address);
    await networkHelpers.time.increaseTo(endsAt);
    await registry.connect(alice).withdraw();
    await expect(registry.connect(alice).withdraw())
      .to.be.revertedWithCustomError(registry, "RegistryNotUnbonding")
      .withArgs(alice.address);
  });

  it("is blocked while a slash is pending and allowed once every freeze is lifted", async function () {
    const { registry, slasher, alice, endsAt } = await unbonded();
    await expect(registry.connect(slasher).freeze(alice.address))
      .to.emit(registry, "ValidatorFrozen")
      .withArgs(alice.address, 1n);
    await expect(registry.connect(slasher).freeze(alice.address))
      .to.emit(registry, "ValidatorFrozen")
      .withArgs(alice.address, 2n);
    await networkHelpers.time.increaseTo(endsAt);
    await expect(registry.connect(alice).withdraw())
      .to.be.revertedWithCustomError(registry, "RegistryFrozen")
      .withArgs(alice.address, 2n);
    await expect(registry.connect(slasher).unfreeze(alice.address))
      .to.emit(registry, "ValidatorUnfrozen")
      .withArgs(alice.address, 1n);
    await expect(registry.connect(alice).withdraw())
      .to.be.revertedWithCustomError(registry, "RegistryFrozen")
      .withArgs(alice.address, 1n);
    await registry.connect(slasher).unfreeze(alice.address);
    expect((await registry.getValidator(alice.address)).pendingSlashes).to.equal(0n);
    await expect(registry.connect(alice).withdraw())
      .to.emit(registry, "Withdrawn")
      .withArgs(alice.address, MIN_STAKE);
  });

  it("is not blocked by pause", async function () {
    const { registry, admin, alice, endsAt } = await unbonded();
    await registry.connect(admin).pause();
    await networkHelpers.time.increaseTo(endsAt);
    await expect(registry.connect(alice).withdraw()).to.emit(registry, "Withdrawn");
  });

  it("withdraws 0 and cleans up a validator slashed to zero while unbonding", async function () {
    const { registry, token, registryAddress, slasher, alice, endsAt } = await unbonded();
    await registry.connect(slasher).slash(alice.address, MIN_STAKE, ethers.ZeroHash);
    const slashed = await registry.getValidator(alice.address);
    expect(slashed.status).to.equal(Status.Unbonding);
    expect(slashed.stake).to.equal(0n);
    expect(await registry.weightOf(alice.address)).to.equal(0n);
    await networkHelpers.time.increaseTo(endsAt);
    const tx = registry.connect(alice).withdraw();
    await expect(tx).to.emit(registry, "Withdrawn").withArgs(alice.address, 0n);
    await expect(tx).to.changeTokenBalances(ethers, token, [alice, registryAddress], [0n, 0n]);
    expect((await registry.getValidator(alice.address)).status).to.equal(Status.None);
  });
});

describe("ValidatorRegistry: freeze / unfreeze", function () {
  it("can freeze an active validator; the freeze survives unbonding", async function () {
    const { registry, slasher, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await registry.connect(slasher).freeze(alice.address);
    await registry.connect(alice).requestUnbond();
    await networkHelpers.time.increase(7n * DAY);
    await expect(registry.connect(alice).withdraw())
      .to.be.revertedWithCustomError(registry, "RegistryFrozen")
      .withArgs(alice.address, 1n);
  });

  it("reverts freezing an unknown validator and unfreezing one that is not frozen", async function () {
    const { registry, slasher, validators } = await loadRegistry();
    const [alice] = validators;
    await expect(registry.connect(slasher).freeze(alice.address))
      .to.be.revertedWithCustomError(registry, "RegistryNotRegistered")
      .withArgs(alice.address);
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await expect(registry.connect(slasher).unfreeze(alice.address))
      .to.be.revertedWithCustomError(registry, "RegistryNotFrozen")
      .withArgs(alice.address);
  });

  it("is SLASHER_ROLE only", async function () {
    const { registry, admin, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await expect(registry.connect(admin).freeze(alice.address))
      .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
      .withArgs(admin.address, Roles.SLASHER);
    await expect(registry.connect(alice).unfreeze(alice.address))
      .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
      .withArgs(alice.address, Roles.SLASHER);
  });
});
