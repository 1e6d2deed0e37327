import { expect } from "chai";
import {
  DAY,
  ethers,
  expectedWeight,
  loadRegistry,
  MIN_STAKE,
  networkHelpers,
  REASON,
  Roles,
  Status,
} from "./fixture.js";

describe("ValidatorRegistry: slash", function () {
  it("takes from an active stake, sends it to the treasury and lowers the weight", async function () {
    const { registry, token, registryAddress, slasher, treasury, validators } =
      await loadRegistry();
    const [alice, bob] = validators;
    await registry.connect(alice).register(3n * MIN_STAKE, 0n);
    await registry.connect(bob).register(MIN_STAKE, 0n);
    const amount = MIN_STAKE / 2n;
    const tx = registry.connect(slasher).slash(alice.address, amount, REASON);
    await expect(tx)
      .to.emit(registry, "Slashed")
      .withArgs(alice.address, amount, REASON, ethers.ZeroAddress, 0n);
    await expect(tx).to.changeTokenBalances(
      ethers,
      token,
      [registryAddress, treasury],
      [-amount, amount],
    );
    await expect(tx).not.to.emit(registry, "ValidatorRemoved");
    expect((await registry.getValidator(alice.address)).stake).to.equal(3n * MIN_STAKE - amount);
    expect(await registry.isActive(alice.address)).to.equal(true);
    expect(await registry.totalActiveWeight()).to.equal(
      expectedWeight(3n * MIN_STAKE - amount, 5_000n) + expectedWeight(MIN_STAKE, 5_000n),
    );
  });

  it("returns the amount actually slashed (staticCall), capped at the stake", async function () {
    const { registry, slasher, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    expect(await registry.connect(slasher).slash.staticCall(alice.address, 7n, REASON)).to.equal(
      7n,
    );
    expect(
      await registry.connect(slasher).slash.staticCall(alice.address, 10n * MIN_STAKE, REASON),
    ).to.equal(MIN_STAKE);
  });

  it("removes an active validator left below minStake, with a fresh unbonding deadline", async function () {
    const { registry, slasher, validators } = await loadRegistry();
    const [alice, bob] = validators;
    await registry.connect(alice).register(MIN_STAKE + 10n, 0n);
    await registry.connect(bob).register(MIN_STAKE, 0n);
    // Down to exactly minStake: stays.
    await expect(registry.connect(slasher).slash(alice.address, 10n, REASON)).not.to.emit(
      registry,
      "ValidatorRemoved",
    );
    expect(await registry.isActive(alice.address)).to.equal(true);
    // One wei below: removed.
    const tx = registry.connect(slasher).slash(alice.address, 1n, REASON);
    await expect(tx).to.emit(registry, "ValidatorRemoved").withArgs(alice.address, REASON, 3n);
    await expect(tx)
      .to.emit(registry, "Slashed")
      .withArgs(alice.address, 1n, REASON, ethers.ZeroAddress, 0n);
    const now = BigInt(await networkHelpers.time.latest());
    const v = await registry.getValidator(alice.address);
    expect(v.status).to.equal(Status.Unbonding);
    expect(v.stake).to.equal(MIN_STAKE - 1n);
    expect(v.unbondingEndsAt).to.equal(now + 7n * DAY);
    expect(v.activeUntilEpoch).to.equal(3n);
    expect(await registry.epoch()).to.equal(3n);
    expect(await registry.activeValidators()).to.deep.equal([bob.address]);
    expect(await registry.totalActiveWeight()).to.equal(expectedWeight(MIN_STAKE, 5_000n));
  });

  it("slashes unbonding stake without moving its unbonding deadline", async function () {
    const { registry, token, slasher, treasury, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(2n * MIN_STAKE, 0n);
    await registry.connect(alice).requestUnbond();
    const before = await registry.getValidator(alice.address);
    await networkHelpers.time.increase(DAY);
    const tx = registry.connect(slasher).slash(alice.address, MIN_STAKE + 1n, REASON);
    await expect(tx).to.changeTokenBalance(ethers, token, treasury, MIN_STAKE + 1n);
    await expect(tx).not.to.emit(registry, "ValidatorRemoved");
    const after = await registry.getValidator(alice.address);
    expect(after.status).to.equal(Status.Unbonding);
    expect(after.stake).to.equal(MIN_STAKE - 1n);
    expect(after.unbondingEndsAt).to.equal(before.unbondingEndsAt);
    expect(after.activeUntilEpoch).to.equal(before.activeUntilEpoch);
    expect(await registry.epoch()).to.equal(2n);
    expect(await registry.totalActiveWeight()).to.equal(0n);
  });

  it("slashes from active then from unbonding stake of the same validator, never beyond it", async function () {
    const { registry, token, registryAddress, slasher, treasury, validators } =
      await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(2n * MIN_STAKE, 0n);
    await registry.connect(slasher).slash(alice.address, MIN_STAKE / 2n, REASON);
    await registry.connect(alice).requestUnbond();
    const remaining = 2n * MIN_STAKE - MIN_STAKE / 2n;
    const tx = registry.connect(slasher).slash(alice.address, 100n * MIN_STAKE, REASON);
    await expect(tx)
      .to.emit(registry, "Slashed")
      .withArgs(alice.address, remaining, REASON, ethers.ZeroAddress, 0n);
    await expect(tx).to.changeTokenBalances(
      ethers,
      token,
      [registryAddress, treasury],
      [-remaining, remaining],
    );
    expect((await registry.getValidator(alice.address)).stake).to.equal(0n);
    expect(await token.balanceOf(registryAddress)).to.equal(0n);
  });

  it("returns 0 and changes nothing when there is nothing to take", async function () {
    const { registry, token, registryAddress, slasher, treasury, validators } =
      await loadRegistry();
    const [alice, bob] = validators;
    // Unknown validator.
    expect(await registry.connect(slasher).slash.staticCall(alice.address, 1n, REASON)).to.equal(
      0n,
    );
    await expect(registry.connect(slasher).slash(alice.address, 1n, REASON)).not.to.emit(
      registry,
      "Slashed",
    );
    // Zero amount on a staked validator.
    await registry.connect(bob).register(MIN_STAKE, 0n);
    const tx = registry.connect(slasher).slash(bob.address, 0n, REASON);
    await expect(tx).not.to.emit(registry, "Slashed");
    await expect(tx).to.changeTokenBalances(ethers, token, [registryAddress, treasury], [0n, 0n]);
    expect(await registry.isActive(bob.address)).to.equal(true);
  });

  it("is SLASHER_ROLE only", async function () {
    const { registry, admin, consensus, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    for (const caller of [admin, consensus, alice]) {
      await expect(registry.connect(caller).slash(alice.address, 1n, REASON))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(caller.address, Roles.SLASHER);
    }
  });
});

describe("ValidatorRegistry: slashWithReward", function () {
  it("pays rewardBps of the slashed amount, rounded down, and the rest to the treasury", async function () {
    const { registry, token, registryAddress, slasher, treasury, rewardee, validators } =
      await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    // 999 * 3333 / 10_000 = 332.9667 -> 332 to the reporter, 667 to the treasury.
    const result = await registry
      .connect(slasher)
      .slashWithReward.staticCall(alice.address, 999n, REASON, rewardee.address, 3_333);
    expect(result.slashed).to.equal(999n);
    expect(result.reward).to.equal(332n);
    const tx = registry
      .connect(slasher)
      .slashWithReward(alice.address, 999n, REASON, rewardee.address, 3_333);
    await expect(tx)
      .to.emit(registry, "Slashed")
      .withArgs(alice.address, 999n, REASON, rewardee.address, 332n);
    await expect(tx).to.changeTokenBalances(
      ethers,
      token,
      [registryAddress, treasury, rewardee],
      [-999n, 667n, 332n],
    );
  });

  it("caps at the stake and computes the reward on the amount actually slashed", async function () {
    const { registry, token, slasher, treasury, rewardee, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await registry.connect(alice).requestUnbond();
    const tx = registry
      .connect(slasher)
      .slashWithReward(alice.address, 5n * MIN_STAKE, REASON, rewardee.address, 5_000);
    await expect(tx)
      .to.emit(registry, "Slashed")
      .withArgs(alice.address, MIN_STAKE, REASON, rewardee.address, MIN_STAKE / 2n);
    await expect(tx).to.changeTokenBalances(
      ethers,
      token,
      [treasury, rewardee],
      [MIN_STAKE / 2n, MIN_STAKE / 2n],
    );
  });

  it("allows 0 and 10_000 bps and rejects more", async function () {
    const { registry, token, slasher, treasury, rewardee, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(2n * MIN_STAKE, 0n);
    await expect(
      registry.connect(slasher).slashWithReward(alice.address, 10n, REASON, rewardee.address, 0),
    ).to.changeTokenBalances(ethers, token, [treasury, rewardee], [10n, 0n]);
    await expect(
      registry
        .connect(slasher)
        .slashWithReward(alice.address, 10n, REASON, rewardee.address, 10_000),
    ).to.changeTokenBalances(ethers, token, [treasury, rewardee], [0n, 10n]);
    await expect(
      registry
        .connect(slasher)
        .slashWithReward(alice.address, 10n, REASON, rewardee.address, 10_001),
    )
      .to.be.revertedWithCustomError(registry, "RegistryInvalidRewardBps")
      .withArgs(10_001n);
  });

  it("rejects a zero reward recipient unless the reward share is zero", async function () {
    const { registry, slasher, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await expect(
      registry.connect(slasher).slashWithReward(alice.address, 10n, REASON, ethers.ZeroAddress, 1),
    ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    await expect(
      registry.connect(slasher).slashWithReward(alice.address, 10n, REASON, ethers.ZeroAddress, 0),
    )
      .to.emit(registry, "Slashed")
      .withArgs(alice.address, 10n, REASON, ethers.ZeroAddress, 0n);
  });

  it("removes a validator left below minStake", async function () {
    const { registry, slasher, rewardee, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await expect(
      registry.connect(slasher).slashWithReward(alice.address, 1n, REASON, rewardee.address, 5_000),
    )
      .to.emit(registry, "ValidatorRemoved")
      .withArgs(alice.address, REASON, 2n);
  });

  it("is SLASHER_ROLE only", async function () {
    const { registry, rewardee, outsider, validators } = await loadRegistry();
    await registry.connect(validators[0]).register(MIN_STAKE, 0n);
    await expect(
      registry
        .connect(outsider)
        .slashWithReward(validators[0].address, 1n, REASON, rewardee.address, 0),
    )
      .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
      .withArgs(outsider.address, Roles.SLASHER);
  });
});

describe("ValidatorRegistry: removeValidator", function () {
  it("forces an active validator into unbonding and advances the epoch", async function () {
    const { registry, slasher, validators } = await loadRegistry();
    const [alice, bob] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await registry.connect(bob).register(2n * MIN_STAKE, 0n);
    await expect(registry.connect(slasher).removeValidator(alice.address, REASON))
      .to.emit(registry, "ValidatorRemoved")
      .withArgs(alice.address, REASON, 3n);
    const now = BigInt(await networkHelpers.time.latest());
    const v = await registry.getValidator(alice.address);
    expect(v.status).to.equal(Status.Unbonding);
    expect(v.stake).to.equal(MIN_STAKE);
    expect(v.unbondingEndsAt).to.equal(now + 7n * DAY);
    expect(v.activeUntilEpoch).to.equal(3n);
    expect(await registry.totalActiveWeight()).to.equal(expectedWeight(2n * MIN_STAKE, 5_000n));
    expect(await registry.activeValidators()).to.deep.equal([bob.address]);
  });

  it("reverts for a validator that is not active", async function () {
    const { registry, slasher, validators } = await loadRegistry();
    const [alice, bob] = validators;
    await expect(registry.connect(slasher).removeValidator(alice.address, REASON))
      .to.be.revertedWithCustomError(registry, "RegistryNotActive")
      .withArgs(alice.address);
    await registry.connect(bob).register(MIN_STAKE, 0n);
    await registry.connect(bob).requestUnbond();
    await expect(registry.connect(slasher).removeValidator(bob.address, REASON))
      .to.be.revertedWithCustomError(registry, "RegistryNotActive")
      .withArgs(bob.address);
  });

  it("is SLASHER_ROLE only", async function () {
    const { registry, admin, validators } = await loadRegistry();
    await registry.connect(validators[0]).register(MIN_STAKE, 0n);
    await expect(registry.connect(admin).removeValidator(validators[0].address, REASON))
      .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
      .withArgs(admin.address, Roles.SLASHER);
  });
});
