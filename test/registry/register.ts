import { expect } from "chai";
import type { Signer } from "ethers";
import type { TestStakeToken } from "../../typechain-types/index.js";
import {
  ethers,
  expectedWeight,
  loadRegistry,
  MIN_STAKE,
  networkHelpers,
  Roles,
  Status,
  TOKEN,
} from "./fixture.js";

const HOUR = 3600n;

async function signPermit(
  token: TestStakeToken,
  owner: Signer,
  spender: string,
  value: bigint,
  deadline: bigint,
) {
  const { chainId } = await ethers.provider.getNetwork();
  const ownerAddress = await owner.getAddress();
  const signature = await owner.signTypedData(
    {
      name: await token.name(),
      version: "1",
      chainId,
      verifyingContract: await token.getAddress(),
    },
    {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    { owner: ownerAddress, spender, value, nonce: await token.nonces(ownerAddress), deadline },
  );
  return ethers.Signature.from(signature);
}

/** Moves the next block's timestamp to the start of the next registration window. */
async function toNextWindow(windowSeconds: bigint) {
  const now = BigInt(await networkHelpers.time.latest());
  const next = now - (now % windowSeconds) + windowSeconds;
  await networkHelpers.time.setNextBlockTimestamp(next);
  return next;
}

describe("ValidatorRegistry: deployment", function () {
  it("starts at the DESIGN.md section 2 defaults", async function () {
    const { registry, token, treasury } = await loadRegistry();
    expect(await registry.stakeToken()).to.equal(await token.getAddress());
    expect(await registry.treasury()).to.equal(treasury.address);
    expect(await registry.minStake()).to.equal(1_000n * TOKEN);
    expect(await registry.maxEffectiveStake()).to.equal(100_000n * TOKEN);
    expect(await registry.powDifficultyBits()).to.equal(0n);
    expect(await registry.registrationWindow()).to.equal(HOUR);
    expect(await registry.maxRegistrationsPerWindow()).to.equal(10n);
    expect(await registry.maxValidators()).to.equal(100n);
    expect(await registry.unbondingPeriod()).to.equal(7n * 24n * HOUR);
    expect(await registry.allowlistMode()).to.equal(false);
    expect(await registry.epoch()).to.equal(0n);
    expect(await registry.totalActiveWeight()).to.equal(0n);
    expect(await registry.activeValidatorCount()).to.equal(0n);
    expect(await registry.activeValidators()).to.deep.equal([]);
    expect(await registry.REPUTATION_INITIAL_BPS()).to.equal(5_000n);
    expect(await registry.REPUTATION_MIN_BPS()).to.equal(1_000n);
    expect(await registry.REPUTATION_MAX_BPS()).to.equal(10_000n);
    expect(await registry.REPUTATION_ALPHA_BPS()).to.equal(1_000n);
  });

  it("gives the admin DEFAULT_ADMIN, PARAMETER and PAUSER roles and nothing else", async function () {
    const { registry, admin } = await loadRegistry();
    expect(await registry.PARAMETER_ROLE()).to.equal(Roles.PARAMETER);
    expect(await registry.SLASHER_ROLE()).to.equal(Roles.SLASHER);
    expect(await registry.CONSENSUS_ROLE()).to.equal(Roles.CONSENSUS);
    expect(await registry.PAUSER_ROLE()).to.equal(Roles.PAUSER);
    expect(await registry.ALLOWLIST_ROLE()).to.equal(Roles.ALLOWLIST);
    expect(await registry.hasRole(Roles.DEFAULT_ADMIN, admin.address)).to.equal(true);
    expect(await registry.hasRole(Roles.PARAMETER, admin.address)).to.equal(true);
    expect(await registry.hasRole(Roles.PAUSER, admin.address)).to.equal(true);
    expect(await registry.hasRole(Roles.SLASHER, admin.address)).to.equal(false);
    expect(await registry.hasRole(Roles.CONSENSUS, admin.address)).to.equal(false);
    expect(await registry.hasRole(Roles.ALLOWLIST, admin.address)).to.equal(false);
  });

  it("rejects zero addresses and a difficulty above 32", async function () {
    const { registry, token, admin, treasury } = await loadRegistry();
    const factory = await ethers.getContractFactory("ValidatorRegistry");
    const tokenAddress = await token.getAddress();
    await expect(
      factory.deploy(ethers.ZeroAddress, treasury.address, admin.address, 0),
    ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    await expect(
      factory.deploy(tokenAddress, ethers.ZeroAddress, admin.address, 0),
    ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    await expect(
      factory.deploy(tokenAddress, treasury.address, ethers.ZeroAddress, 0),
    ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    await expect(factory.deploy(tokenAddress, treasury.address, admin.address, 33))
      .to.be.revertedWithCustomError(registry, "RegistryParameterOutOfBounds")
      .withArgs(ethers.encodeBytes32String("powDifficultyBits"), 33n, 0n, 32n);
    const maxDifficulty = await factory.deploy(tokenAddress, treasury.address, admin.address, 32);
    expect(await maxDifficulty.powDifficultyBits()).to.equal(32n);
  });
});

describe("ValidatorRegistry: register", function () {
  it("pulls the stake, activates the validator at reputation 5000 and advances the epoch", async function () {
    const { registry, token, registryAddress, validators } = await loadRegistry();
    const [alice] = validators;
    const amount = 1_500n * TOKEN;
    const tx = registry.connect(alice).register(amount, 123n);
    await expect(tx).to.emit(registry, "ValidatorRegistered").withArgs(alice.address, amount, 1n);
    await expect(tx).to.changeTokenBalances(
      ethers,
      token,
      [alice, registryAddress],
      [-amount, amount],
    );
    const v = await registry.getValidator(alice.address);
    expect(v.status).to.equal(Status.Active);
    expect(v.reputationBps).to.equal(5_000n);
    expect(v.pendingSlashes).to.equal(0n);
    expect(v.activeSinceEpoch).to.equal(1n);
    expect(v.activeUntilEpoch).to.equal(0n);
    expect(v.unbondingEndsAt).to.equal(0n);
    expect(v.stake).to.equal(amount);
    expect(await registry.isActive(alice.address)).to.equal(true);
    expect(await registry.epoch()).to.equal(1n);
    expect(await registry.activeValidators()).to.deep.equal([alice.address]);
    expect(await registry.activeValidatorCount()).to.equal(1n);
    expect(await registry.weightOf(alice.address)).to.equal(expectedWeight(amount, 5_000n));
    expect(await registry.totalActiveWeight()).to.equal(expectedWeight(amount, 5_000n));
    expect(await registry.registrationsInCurrentWindow()).to.equal(1n);
  });

  it("accepts exactly minStake and reverts one wei below it", async function () {
    const { registry, validators } = await loadRegistry();
    const [alice, bob] = validators;
    await expect(registry.connect(alice).register(MIN_STAKE - 1n, 0n))
      .to.be.revertedWithCustomError(registry, "RegistryInsufficientStake")
      .withArgs(alice.address, MIN_STAKE - 1n, MIN_STAKE);
    await expect(registry.connect(alice).register(0n, 0n))
      .to.be.revertedWithCustomError(registry, "RegistryInsufficientStake")
      .withArgs(alice.address, 0n, MIN_STAKE);
    await expect(registry.connect(bob).register(MIN_STAKE, 0n)).to.emit(
      registry,
      "ValidatorRegistered",
    );
  });

  it("reverts when the caller is already active or unbonding", async function () {
    const { registry, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await expect(registry.connect(alice).register(MIN_STAKE, 0n))
      .to.be.revertedWithCustomError(registry, "RegistryAlreadyRegistered")
      .withArgs(alice.address);
    await registry.connect(alice).requestUnbond();
    await expect(registry.connect(alice).register(MIN_STAKE, 0n))
      .to.be.revertedWithCustomError(registry, "RegistryAlreadyRegistered")
      .withArgs(alice.address);
  });

  it("reverts when the token transfer fails (no allowance) and leaves no state behind", async function () {
    const { registry, token, registryAddress, validators } = await loadRegistry();
    const [alice] = validators;
    await token.connect(alice).approve(registryAddress, MIN_STAKE - 1n);
    await expect(registry.connect(alice).register(MIN_STAKE, 0n))
      .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
      .withArgs(registryAddress, MIN_STAKE - 1n, MIN_STAKE);
    expect(await registry.epoch()).to.equal(0n);
    expect(await registry.registrationsInCurrentWindow()).to.equal(0n);
  });

  it("lets a withdrawn validator register again, keeping its reputation", async function () {
    const { registry, consensus, validators } = await loadRegistry();
    const [alice] = validators;
    await registry.connect(alice).register(MIN_STAKE, 0n);
    await registry.connect(consensus).updateReputation(alice.address, 0);
    const lowered = (await registry.getValidator(alice.address)).reputationBps;
    expect(lowered).to.equal(4_500n);
    await registry.connect(alice).requestUnbond();
    await networkHelpers.time.increase(7 * 24 * 3600);
    await registry.connect(alice).withdraw();
    await expect(registry.connect(alice).register(2n * MIN_STAKE, 0n))
      .to.emit(registry, "ValidatorRegistered")
      .withArgs(alice.address, 2n * MIN_STAKE, 3n);
    const v = await registry.getValidator(alice.address);
    expect(v.reputationBps).to.equal(lowered);
    expect(v.activeSinceEpoch).to.equal(3n);
    expect(v.activeUntilEpoch).to.equal(0n);
    expect(await registry.totalActiveWeight()).to.equal(expectedWeight(2n * MIN_STAKE, lowered));
  });

  describe("maxValidators", function () {
    it("reverts with RegistryFull once the active set is full, and admits again after an exit", async function () {
      const { registry, admin, validators } = await loadRegistry();
      await registry.connect(admin).setMaxValidators(4);
      for (const v of validators.slice(0, 4)) await registry.connect(v).register(MIN_STAKE, 0n);
      await expect(registry.connect(validators[4]).register(MIN_STAKE, 0n))
        .to.be.revertedWithCustomError(registry, "RegistryFull")
        .withArgs(4n);
      await registry.connect(validators[0]).requestUnbond();
      await expect(registry.connect(validators[4]).register(MIN_STAKE, 0n)).to.emit(
        registry,
        "ValidatorRegistered",
      );
      expect(await registry.activeValidatorCount()).to.equal(4n);
    });
  });

  describe("rate limit", function () {
    it("admits maxRegistrationsPerWindow per fixed window and resets at the next window", async function () {
      const { registry, admin, validators } = await loadRegistry();
      await registry.connect(admin).setRegistrationRateLimit(HOUR, 2);
      const windowStart = await toNextWindow(HOUR);
      await registry.connect(validators[0]).register(MIN_STAKE, 0n);
      await registry.connect(validators[1]).register(MIN_STAKE, 0n);
      expect(await registry.registrationsInCurrentWindow()).to.equal(2n);
      await networkHelpers.time.setNextBlockTimestamp(windowStart + HOUR - 1n);
      await expect(registry.connect(validators[2]).register(MIN_STAKE, 0n))
        .to.be.revertedWithCustomError(registry, "RegistryRateLimited")
        .withArgs(windowStart, 2n);
      // First second of the next window: the counter starts over.
      await networkHelpers.time.setNextBlockTimestamp(windowStart + HOUR);
      await expect(registry.connect(validators[2]).register(MIN_STAKE, 0n)).to.emit(
        registry,
        "ValidatorRegistered",
      );
      expect(await registry.registrationsInCurrentWindow()).to.equal(1n);
      await networkHelpers.time.setNextBlockTimestamp(windowStart + 2n * HOUR);
      await networkHelpers.mine();
      expect(await registry.registrationsInCurrentWindow()).to.equal(0n);
    });

    it("counts a registration even if the validator exits later in the window", async function () {
      const { registry, admin, validators } = await loadRegistry();
      await registry.connect(admin).setRegistrationRateLimit(HOUR, 1);
      const windowStart = await toNextWindow(HOUR);
      await registry.connect(validators[0]).register(MIN_STAKE, 0n);
      await registry.connect(validators[0]).requestUnbond();
      await expect(registry.connect(validators[1]).register(MIN_STAKE, 0n))
        .to.be.revertedWithCustomError(registry, "RegistryRateLimited")
        .withArgs(windowStart, 1n);
    });
  });

  describe("allowlist mode", function () {
    it("admits only allowlisted addresses while on, anyone when off", async function () {
      const { registry, admin, allowlister, validators } = await loadRegistry();
      const [alice, bob, carol] = validators;
      await registry.connect(admin).setAllowlistMode(true);
      await expect(registry.connect(alice).register(MIN_STAKE, 0n))
        .to.be.revertedWithCustomError(registry, "RegistryNotAllowlisted")
        .withArgs(alice.address);
      await registry.connect(allowlister).setAllowlisted(alice.address, true);
      await expect(registry.connect(alice).register(MIN_STAKE, 0n)).to.emit(
        registry,
        "ValidatorRegistered",
      );
      await registry.connect(allowlister).setAllowlisted(bob.address, true);
      await registry.connect(allowlister).setAllowlisted(bob.address, false);
      await expect(registry.connect(bob).register(MIN_STAKE, 0n))
        .to.be.revertedWithCustomError(registry, "RegistryNotAllowlisted")
        .withArgs(bob.address);
      await registry.connect(admin).setAllowlistMode(false);
      await expect(registry.connect(carol).register(MIN_STAKE, 0n)).to.emit(
        registry,
        "ValidatorRegistered",
      );
    });
  });

  describe("pause", function () {
    it("blocks register, registerWithPermit and increaseStake but not unbond, withdraw, slash or reputation", async function () {
      const { registry, admin, slasher, consensus, validators } = await loadRegistry();
      const [alice, bob, carol] = validators;
      await registry.connect(alice).register(MIN_STAKE, 0n);
      await registry.connect(bob).register(2n * MIN_STAKE, 0n);
      await expect(registry.connect(admin).pause())
        .to.emit(registry, "Paused")
        .withArgs(admin.address);
      await expect(registry.connect(carol).register(MIN_STAKE, 0n)).to.be.revertedWithCustomError(
        registry,
        "EnforcedPause",
      );
      await expect(
        registry
          .connect(carol)
          .registerWithPermit(MIN_STAKE, 0n, 0n, 0, ethers.ZeroHash, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(registry, "EnforcedPause");
      await expect(registry.connect(alice).increaseStake(1n)).to.be.revertedWithCustomError(
        registry,
        "EnforcedPause",
      );
      await expect(registry.connect(slasher).slash(bob.address, 1n, ethers.ZeroHash)).to.emit(
        registry,
        "Slashed",
      );
      await expect(registry.connect(consensus).updateReputation(bob.address, 10_000)).to.emit(
        registry,
        "ReputationUpdated",
      );
      await expect(registry.connect(alice).requestUnbond()).to.emit(registry, "UnbondRequested");
      await networkHelpers.time.increase(7 * 24 * 3600);
      await expect(registry.connect(alice).withdraw()).to.emit(registry, "Withdrawn");
      await expect(registry.connect(admin).unpause())
        .to.emit(registry, "Unpaused")
        .withArgs(admin.address);
      await expect(registry.connect(carol).register(MIN_STAKE, 0n)).to.emit(
        registry,
        "ValidatorRegistered",
      );
    });

    it("pause and unpause are PAUSER_ROLE only", async function () {
      const { registry, admin, outsider } = await loadRegistry();
      await expect(registry.connect(outsider).pause())
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, Roles.PAUSER);
      await registry.connect(admin).pause();
      await expect(registry.connect(outsider).unpause())
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(outsider.address, Roles.PAUSER);
    });
  });

  describe("registerWithPermit", function () {
    it("registers with an ERC-2612 permit and no prior approval", async function () {
      const { registry, token, registryAddress, validators } = await loadRegistry();
      const [alice] = validators;
      await token.connect(alice).approve(registryAddress, 0n);
      const deadline = BigInt(await networkHelpers.time.latest()) + HOUR;
      const sig = await signPermit(token, alice, registryAddress, MIN_STAKE, deadline);
      const tx = registry
        .connect(alice)
        .registerWithPermit(MIN_STAKE, 0n, deadline, sig.v, sig.r, sig.s);
      await expect(tx)
        .to.emit(registry, "ValidatorRegistered")
        .withArgs(alice.address, MIN_STAKE, 1n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        token,
        [alice, registryAddress],
        [-MIN_STAKE, MIN_STAKE],
      );
      expect(await token.allowance(alice.address, registryAddress)).to.equal(0n);
      expect(await token.nonces(alice.address)).to.equal(1n);
    });

    it("still registers when the permit was front-run (allowance already set)", async function () {
      const { registry, token, registryAddress, outsider, validators } = await loadRegistry();
      const [alice] = validators;
      await token.connect(alice).approve(registryAddress, 0n);
      const deadline = BigInt(await networkHelpers.time.latest()) + HOUR;
      const sig = await signPermit(token, alice, registryAddress, MIN_STAKE, deadline);
      await token
        .connect(outsider)
        .permit(alice.address, registryAddress, MIN_STAKE, deadline, sig.v, sig.r, sig.s);
      await expect(
        registry.connect(alice).registerWithPermit(MIN_STAKE, 0n, deadline, sig.v, sig.r, sig.s),
      ).to.emit(registry, "ValidatorRegistered");
    });

    it("reverts on the transfer when the permit is invalid and there is no allowance", async function () {
      const { registry, token, registryAddress, validators } = await loadRegistry();
      const [alice] = validators;
      await token.connect(alice).approve(registryAddress, 0n);
      const deadline = BigInt(await networkHelpers.time.latest()) + HOUR;
      // Signed for a smaller value than the registration uses.
      const sig = await signPermit(token, alice, registryAddress, MIN_STAKE - 1n, deadline);
      await expect(
        registry.connect(alice).registerWithPermit(MIN_STAKE, 0n, deadline, sig.v, sig.r, sig.s),
      )
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(registryAddress, 0n, MIN_STAKE);
    });

    it("applies the same checks as register", async function () {
      const { registry, token, registryAddress, validators } = await loadRegistry();
      const [alice] = validators;
      const deadline = BigInt(await networkHelpers.time.latest()) + HOUR;
      const sig = await signPermit(token, alice, registryAddress, MIN_STAKE - 1n, deadline);
      await expect(
        registry
          .connect(alice)
          .registerWithPermit(MIN_STAKE - 1n, 0n, deadline, sig.v, sig.r, sig.s),
      )
        .to.be.revertedWithCustomError(registry, "RegistryInsufficientStake")
        .withArgs(alice.address, MIN_STAKE - 1n, MIN_STAKE);
    });
  });
});

describe("ValidatorRegistry: unsupported stake tokens", function () {
  it("reverts with RegistryTransferMismatch when a fee-on-transfer token delivers less", async function () {
    const { admin, treasury, validators } = await loadRegistry();
    const [alice] = validators;
    const fot = await ethers.deployContract("FeeOnTransferToken");
    const registry = await ethers.deployContract("ValidatorRegistry", [
      await fot.getAddress(),
      treasury.address,
      admin.address,
      0,
    ]);
    await fot.mint(alice.address, 2n * MIN_STAKE);
    await fot.connect(alice).approve(await registry.getAddress(), 2n * MIN_STAKE);
    await expect(registry.connect(alice).register(MIN_STAKE, 0n))
      .to.be.revertedWithCustomError(registry, "RegistryTransferMismatch")
      .withArgs(MIN_STAKE, MIN_STAKE - MIN_STAKE / 100n);
    expect(await registry.epoch()).to.equal(0n);
  });
});
