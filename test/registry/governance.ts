import { expect } from "chai";
import {
  bytes32,
  DAY,
  ethers,
  expectedWeight,
  loadRegistry,
  MAX_EFFECTIVE_STAKE,
  MIN_STAKE,
  Roles,
  TOKEN,
} from "./fixture.js";

const CEILING = 1_000_000_000n * TOKEN;

describe("ValidatorRegistry: governance setters", function () {
  describe("setMinStake", function () {
    it("accepts [1 token, maxEffectiveStake] and emits old and new", async function () {
      const { registry, admin } = await loadRegistry();
      await expect(registry.connect(admin).setMinStake(TOKEN))
        .to.emit(registry, "ParameterUpdated")
        .withArgs(bytes32("minStake"), MIN_STAKE, TOKEN);
      expect(await registry.minStake()).to.equal(TOKEN);
      await registry.connect(admin).setMinStake(MAX_EFFECTIVE_STAKE);
      expect(await registry.minStake()).to.equal(MAX_EFFECTIVE_STAKE);
    });

    it("reverts outside the bounds", async function () {
      const { registry, admin } = await loadRegistry();
      for (const value of [0n, TOKEN - 1n, MAX_EFFECTIVE_STAKE + 1n]) {
        await expect(registry.connect(admin).setMinStake(value))
          .to.be.revertedWithCustomError(registry, "RegistryParameterOutOfBounds")
          .withArgs(bytes32("minStake"), value, TOKEN, MAX_EFFECTIVE_STAKE);
      }
    });

    it("applies to new registrations only", async function () {
      const { registry, admin, validators } = await loadRegistry();
      await registry.connect(validators[0]).register(MIN_STAKE, 0n);
      await registry.connect(admin).setMinStake(2n * MIN_STAKE);
      expect(await registry.isActive(validators[0].address)).to.equal(true);
      await expect(registry.connect(validators[1]).register(MIN_STAKE, 0n))
        .to.be.revertedWithCustomError(registry, "RegistryInsufficientStake")
        .withArgs(validators[1].address, MIN_STAKE, 2n * MIN_STAKE);
    });
  });

  describe("setMaxEffectiveStake", function () {
    it("accepts [minStake, 1e9 tokens] and recomputes the total active weight", async function () {
      const { registry, admin, validators } = await loadRegistry();
      const [alice, bob, carol] = validators;
      await registry.connect(alice).register(50_000n * TOKEN, 0n);
      await registry.connect(bob).register(5_000n * TOKEN, 0n);
      await registry.connect(carol).register(20_000n * TOKEN, 0n);
      await registry.connect(carol).requestUnbond();
      const cap = 10_000n * TOKEN;
      await expect(registry.connect(admin).setMaxEffectiveStake(cap))
        .to.emit(registry, "ParameterUpdated")
        .withArgs(bytes32("maxEffectiveStake"), MAX_EFFECTIVE_STAKE, cap);
      expect(await registry.maxEffectiveStake()).to.equal(cap);
      expect(await registry.weightOf(alice.address)).to.equal(expectedWeight(cap, 5_000n, cap));
      // Unbonding weight follows the cap too, but stays out of the total.
      expect(await registry.weightOf(carol.address)).to.equal(expectedWeight(cap, 5_000n, cap));
      expect(await registry.totalActiveWeight()).to.equal(
        expectedWeight(50_000n * TOKEN, 5_000n, cap) + expectedWeight(5_000n * TOKEN, 5_000n, cap),
      );
      await registry.connect(admin).setMaxEffectiveStake(CEILING);
      expect(await registry.totalActiveWeight()).to.equal(
        expectedWeight(55_000n * TOKEN, 5_000n, CEILING),
      );
      await registry.connect(admin).setMaxEffectiveStake(MIN_STAKE);
      expect(await registry.totalActiveWeight()).to.equal(2n * expectedWeight(MIN_STAKE, 5_000n));
    });

    it("reverts outside the bounds", async function () {
      const { registry, admin } = await loadRegistry();
      for (const value of [0n, MIN_STAKE - 1n, CEILING + 1n]) {
        await expect(registry.connect(admin).setMaxEffectiveStake(value))
          .to.be.revertedWithCustomError(registry, "RegistryParameterOutOfBounds")
          .withArgs(bytes32("maxEffectiveStake"), value, MIN_STAKE, CEILING);
      }
    });
  });

  describe("setPowDifficultyBits", function () {
    it("accepts 0..32 and reverts above", async function () {
      const { registry, admin } = await loadRegistry();
      await expect(registry.connect(admin).setPowDifficultyBits(32))
        .to.emit(registry, "ParameterUpdated")
        .withArgs(bytes32("powDifficultyBits"), 0n, 32n);
      expect(await registry.powDifficultyBits()).to.equal(32n);
      await expect(registry.connect(admin).setPowDifficultyBits(33))
        .to.be.revertedWithCustomError(registry, "RegistryParameterOutOfBounds")
        .withArgs(bytes32("powDifficultyBits"), 33n, 0n, 32n);
      await registry.connect(admin).setPowDifficultyBits(0);
      expect(await registry.powDifficultyBits()).to.equal(0n);
    });
  });

  describe("setRegistrationRateLimit", function () {
    it("accepts window [60 s, 7 days] and count [1, 100], emitting both", async function () {
      const { registry, admin } = await loadRegistry();
      const tx = registry.connect(admin).setRegistrationRateLimit(60, 1);
      await expect(tx)
        .to.emit(registry, "ParameterUpdated")
        .withArgs(bytes32("registrationWindow"), 3_600n, 60n);
      await expect(tx)
        .to.emit(registry, "ParameterUpdated")
        .withArgs(bytes32("maxRegistrationsPerWindow"), 10n, 1n);
      await registry.connect(admin).setRegistrationRateLimit(7n * DAY, 100);
      expect(await registry.registrationWindow()).to.equal(7n * DAY);
      expect(await registry.maxRegistrationsPerWindow()).to.equal(100n);
    });

    it("reverts outside the bounds", async function () {
      const { registry, admin } = await loadRegistry();
      for (const window of [0n, 59n, 7n * DAY + 1n]) {
        await expect(registry.connect(admin).setRegistrationRateLimit(window, 10))
          .to.be.revertedWithCustomError(registry, "RegistryParameterOutOfBounds")
          .withArgs(bytes32("registrationWindow"), window, 60n, 7n * DAY);
      }
      for (const count of [0n, 101n]) {
        await expect(registry.connect(admin).setRegistrationRateLimit(3_600, count))
          .to.be.revertedWithCustomError(registry, "RegistryParameterOutOfBounds")
          .withArgs(bytes32("maxRegistrationsPerWindow"), count, 1n, 100n);
      }
    });
  });

  describe("setMaxValidators", function () {
    it("accepts [4, 100] and reverts outside", async function () {
      const { registry, admin } = await loadRegistry();
      await expect(registry.connect(admin).setMaxValidators(4))
        .to.emit(registry, "ParameterUpdated")
        .withArgs(bytes32("maxValidators"), 100n, 4n);
      await registry.connect(admin).setMaxValidators(100);
      for (const value of [0n, 3n, 101n]) {
        await expect(registry.connect(admin).setMaxValidators(value))
          .to.be.revertedWithCustomError(registry, "RegistryParameterOutOfBounds")
          .withArgs(bytes32("maxValidators"), value, 4n, 100n);
      }
    });

    it("never goes below the current active count", async function () {
      const { registry, admin, validators } = await loadRegistry();
      for (const v of validators.slice(0, 6)) await registry.connect(v).register(MIN_STAKE, 0n);
      await expect(registry.connect(admin).setMaxValidators(5))
        .to.be.revertedWithCustomError(registry, "RegistryParameterOutOfBounds")
        .withArgs(bytes32("maxValidators"), 5n, 6n, 100n);
      await registry.connect(admin).setMaxValidators(6);
      expect(await registry.maxValidators()).to.equal(6n);
    });
  });

  describe("setUnbondingPeriod", function () {
    it("accepts [6 days, 60 days] and reverts outside", async function () {
      const { registry, admin } = await loadRegistry();
      await expect(registry.connect(admin).setUnbondingPeriod(6n * DAY))
        .to.emit(registry, "ParameterUpdated")
        .withArgs(bytes32("unbondingPeriod"), 7n * DAY, 6n * DAY);
      await registry.connect(admin).setUnbondingPeriod(60n * DAY);
      expect(await registry.unbondingPeriod()).to.equal(60n * DAY);
      for (const value of [0n, 6n * DAY - 1n, 60n * DAY + 1n]) {
        await expect(registry.connect(admin).setUnbondingPeriod(value))
          .to.be.revertedWithCustomError(registry, "RegistryParameterOutOfBounds")
          .withArgs(bytes32("unbondingPeriod"), value, 6n * DAY, 60n * DAY);
      }
    });
  });

  describe("setAllowlistMode / setAllowlisted", function () {
    it("emit old and new mode, and allowlist changes", async function () {
      const { registry, admin, allowlister, validators } = await loadRegistry();
      await expect(registry.connect(admin).setAllowlistMode(true))
        .to.emit(registry, "AllowlistModeUpdated")
        .withArgs(false, true);
      expect(await registry.allowlistMode()).to.equal(true);
      await expect(registry.connect(admin).setAllowlistMode(false))
        .to.emit(registry, "AllowlistModeUpdated")
        .withArgs(true, false);
      await expect(registry.connect(allowlister).setAllowlisted(validators[0].address, true))
        .to.emit(registry, "AllowlistUpdated")
        .withArgs(validators[0].address, true);
      expect(await registry.isAllowlisted(validators[0].address)).to.equal(true);
      await expect(registry.connect(allowlister).setAllowlisted(validators[0].address, false))
        .to.emit(registry, "AllowlistUpdated")
        .withArgs(validators[0].address, false);
      expect(await registry.isAllowlisted(validators[0].address)).to.equal(false);
    });

    it("rejects the zero address", async function () {
      const { registry, allowlister } = await loadRegistry();
      await expect(
        registry.connect(allowlister).setAllowlisted(ethers.ZeroAddress, true),
      ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    });
  });

  describe("setTreasury", function () {
    it("moves future slashes to the new treasury", async function () {
      const { registry, token, admin, slasher, treasury, outsider, validators } =
        await loadRegistry();
      await expect(registry.connect(admin).setTreasury(outsider.address))
        .to.emit(registry, "TreasuryUpdated")
        .withArgs(treasury.address, outsider.address);
      expect(await registry.treasury()).to.equal(outsider.address);
      await registry.connect(validators[0]).register(MIN_STAKE, 0n);
      await expect(
        registry.connect(slasher).slash(validators[0].address, 5n, bytes32("x")),
      ).to.changeTokenBalances(ethers, token, [outsider, treasury], [5n, 0n]);
    });

    it("rejects the zero address", async function () {
      const { registry, admin } = await loadRegistry();
      await expect(
        registry.connect(admin).setTreasury(ethers.ZeroAddress),
      ).to.be.revertedWithCustomError(registry, "RegistryZeroAddress");
    });
  });

  describe("roles", function () {
    it("every PARAMETER_ROLE setter rejects other callers", async function () {
      const { registry, outsider, allowlister, slasher } = await loadRegistry();
      const calls = [
        (c: typeof registry) => c.setMinStake(MIN_STAKE),
        (c: typeof registry) => c.setMaxEffectiveStake(MAX_EFFECTIVE_STAKE),
        (c: typeof registry) => c.setPowDifficultyBits(1),
        (c: typeof registry) => c.setRegistrationRateLimit(3_600, 10),
        (c: typeof registry) => c.setMaxValidators(50),
        (c: typeof registry) => c.setUnbondingPeriod(7n * DAY),
        (c: typeof registry) => c.setAllowlistMode(true),
        (c: typeof registry) => c.setTreasury(outsider.address),
      ];
      for (const caller of [outsider, allowlister, slasher]) {
        for (const call of calls) {
          await expect(call(registry.connect(caller)))
            .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, Roles.PARAMETER);
        }
      }
    });

    it("setAllowlisted is ALLOWLIST_ROLE only (not even the admin)", async function () {
      const { registry, admin, outsider } = await loadRegistry();
      for (const caller of [admin, outsider]) {
        await expect(registry.connect(caller).setAllowlisted(outsider.address, true))
          .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, Roles.ALLOWLIST);
      }
    });

    it("the admin can grant PARAMETER_ROLE to a governor and revoke its own", async function () {
      const { registry, admin, outsider } = await loadRegistry();
      await registry.connect(admin).grantRole(Roles.PARAMETER, outsider.address);
      await registry.connect(admin).renounceRole(Roles.PARAMETER, admin.address);
      await expect(registry.connect(outsider).setPowDifficultyBits(3)).to.emit(
        registry,
        "ParameterUpdated",
      );
      await expect(registry.connect(admin).setPowDifficultyBits(3))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, Roles.PARAMETER);
    });
  });
});
