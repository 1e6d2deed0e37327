import { expect } from "chai";
import {
  DAY,
  HOUR,
  Roles,
  TIMELOCK_DELAY,
  ethers,
  loadSlashing,
  networkHelpers,
  timelockFixture,
} from "./fixture.js";

const name = (text: string) => ethers.encodeBytes32String(text);

/** [setter, getter, parameter name, min, max, default] of every bounded parameter. */
const PARAMETERS = [
  [
    "setEquivocationSlashBps",
    "equivocationSlashBps",
    "equivocationSlashBps",
    100n,
    10_000n,
    5_000n,
  ],
  ["setReporterRewardBps", "reporterRewardBps", "reporterRewardBps", 0n, 5_000n, 5_000n],
  ["setEvidenceWindow", "evidenceWindow", "evidenceWindow", HOUR, 3n * DAY, 3n * DAY],
  ["setSlashVetoWindow", "slashVetoWindow", "slashVetoWindow", HOUR, 2n * DAY, 2n * DAY],
] as const;

describe("SlashingManager: parameters", function () {
  for (const [setter, getter, parameter, min, max, initial] of PARAMETERS) {
    describe(parameter, function () {
      it(`defaults to ${initial}`, async function () {
        const f = await loadSlashing();
        expect(await f.manager[getter]()).to.equal(initial);
      });

      it("accepts both bounds and emits old and new values", async function () {
        const f = await loadSlashing();
        const m = f.manager.connect(f.parameterSetter);
        await expect(m[setter](min))
          .to.emit(f.manager, "ParameterUpdated")
          .withArgs(name(parameter), initial, min);
        await expect(m[setter](max))
          .to.emit(f.manager, "ParameterUpdated")
          .withArgs(name(parameter), min, max);
        expect(await f.manager[getter]()).to.equal(max);
      });

      it("refuses values outside the bounds with no change", async function () {
        const f = await loadSlashing();
        const m = f.manager.connect(f.parameterSetter);
        const outside = min > 0n ? [min - 1n, max + 1n] : [max + 1n];
        for (const value of outside) {
          await expect(m[setter](value))
            .to.be.revertedWithCustomError(f.manager, "SlashingParameterOutOfBounds")
            .withArgs(name(parameter), value, min, max);
        }
        expect(await f.manager[getter]()).to.equal(initial);
      });

      it("is only for PARAMETER_ROLE", async function () {
        const f = await loadSlashing();
        for (const caller of [f.outsider, f.governor, f.vetoer, f.admin]) {
          await expect(f.manager.connect(caller)[setter](min))
            .to.be.revertedWithCustomError(f.manager, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, Roles.PARAMETER);
        }
      });
    });
  }

  it("a new veto window applies only to proposals made after the change", async function () {
    const f = await loadSlashing();
    const [alice] = f.validators;
    await f.registry.connect(alice).register(10n ** 21n, 0n);
    await f.manager.connect(f.governor).proposeSlash(alice.address, 100, ethers.ZeroHash, "");
    const before = (await f.manager.getProposal(1n)).executableAt;
    await f.manager.connect(f.parameterSetter).setSlashVetoWindow(HOUR);
    expect((await f.manager.getProposal(1n)).executableAt).to.equal(before);
    await f.manager.connect(f.governor).proposeSlash(alice.address, 100, ethers.ZeroHash, "");
    const now = BigInt(await networkHelpers.time.latest());
    expect((await f.manager.getProposal(2n)).executableAt).to.equal(now + HOUR);
  });

  it("refuses zero addresses in the constructor", async function () {
    const f = await loadSlashing();
    const factory = await ethers.getContractFactory("SlashingManager");
    const args = [f.registryAddress, await f.consensus.getAddress(), f.admin.address];
    for (let i = 0; i < 3; i += 1) {
      const bad = [...args];
      bad[i] = ethers.ZeroAddress;
      await expect(factory.deploy(bad[0], bad[1], bad[2])).to.be.revertedWithCustomError(
        factory,
        "SlashingZeroAddress",
      );
    }
  });

  describe("through the timelock", function () {
    it("enforces the delay for a parameter change", async function () {
      const f = await loadSlashing();
      const { timelock, proposer } = await timelockFixture(f);
      const data = f.manager.interface.encodeFunctionData("setEvidenceWindow", [HOUR]);
      const salt = ethers.id("evidence window to 1 hour");
      const target = f.managerAddress;
      const id = await timelock.hashOperation(target, 0n, data, ethers.ZeroHash, salt);
      await expect(
        timelock
          .connect(proposer)
          .schedule(target, 0n, data, ethers.ZeroHash, salt, TIMELOCK_DELAY - 1n),
      )
        .to.be.revertedWithCustomError(timelock, "TimelockInsufficientDelay")
        .withArgs(TIMELOCK_DELAY - 1n, TIMELOCK_DELAY);
      await timelock
        .connect(proposer)
        .schedule(target, 0n, data, ethers.ZeroHash, salt, TIMELOCK_DELAY);
      const readyAt = await timelock.getTimestamp(id);
      await networkHelpers.time.setNextBlockTimestamp(readyAt - 1n);
      // Ready = 1 << 2 in OpenZeppelin's state bitmap.
      await expect(timelock.execute(target, 0n, data, ethers.ZeroHash, salt))
        .to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState")
        .withArgs(id, ethers.toBeHex(1n << 2n, 32));
      expect(await f.manager.evidenceWindow()).to.equal(3n * DAY);
      await networkHelpers.time.increaseTo(readyAt);
      await expect(timelock.connect(f.outsider).execute(target, 0n, data, ethers.ZeroHash, salt))
        .to.emit(f.manager, "ParameterUpdated")
        .withArgs(name("evidenceWindow"), 3n * DAY, HOUR);
      expect(await f.manager.evidenceWindow()).to.equal(HOUR);
    });

    it("refuses scheduling by an account without PROPOSER_ROLE", async function () {
      const f = await loadSlashing();
      const { timelock } = await timelockFixture(f);
      const data = f.manager.interface.encodeFunctionData("setEvidenceWindow", [HOUR]);
      await expect(
        timelock
          .connect(f.outsider)
          .schedule(f.managerAddress, 0n, data, ethers.ZeroHash, ethers.ZeroHash, TIMELOCK_DELAY),
      )
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(f.outsider.address, ethers.id("PROPOSER_ROLE"));
    });
  });
});
