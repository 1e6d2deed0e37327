import { expect } from "chai";
import {
  DAY,
  MAX_BPS,
  MIN_STAKE,
  REASON_GOVERNANCE,
  Roles,
  State,
  Status,
  ceilDiv,
  createRequest,
  equivocation,
  ethers,
  loadSlashing,
  networkHelpers,
  type SlashingFixture,
} from "./fixture.js";

const EVIDENCE_HASH = ethers.id("evidence document");
const EVIDENCE_URI = "ipfs://evidence";

async function proposed(f: SlashingFixture, stake = 4n * MIN_STAKE + 3n, slashBps = 2_500) {
  const [alice] = f.validators;
  await f.registry.connect(alice).register(stake, 0n);
  await f.manager
    .connect(f.governor)
    .proposeSlash(alice.address, slashBps, EVIDENCE_HASH, EVIDENCE_URI);
  const proposal = await f.manager.getProposal(1n);
  return { alice, stake, slashBps, proposal };
}

describe("SlashingManager: governance slashes", function () {
  describe("proposeSlash", function () {
    it("snapshots the stake, freezes the validator and opens the veto window", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      const stake = 4n * MIN_STAKE + 3n;
      await f.registry.connect(alice).register(stake, 0n);
      const now = BigInt(await networkHelpers.time.latest()) + 1n;
      await networkHelpers.time.setNextBlockTimestamp(now);
      const tx = f.manager
        .connect(f.governor)
        .proposeSlash(alice.address, 2_500, EVIDENCE_HASH, EVIDENCE_URI);
      await expect(tx)
        .to.emit(f.manager, "SlashProposed")
        .withArgs(1n, alice.address, 2_500, stake, EVIDENCE_HASH, EVIDENCE_URI, now + 2n * DAY);
      await expect(tx).to.emit(f.registry, "ValidatorFrozen").withArgs(alice.address, 1);
      const p = await f.manager.getProposal(1n);
      expect(p.validator).to.equal(alice.address);
      expect(p.slashBps).to.equal(2_500n);
      expect(p.stakeSnapshot).to.equal(stake);
      expect(p.proposedAt).to.equal(now);
      expect(p.executableAt).to.equal(now + 2n * DAY);
      expect(p.evidenceHash).to.equal(EVIDENCE_HASH);
      expect(p.slashed).to.equal(0n);
      expect(await f.manager.proposalState(1n)).to.equal(State.VetoWindow);
      expect(await f.manager.proposalCount()).to.equal(1n);
      expect((await f.registry.getValidator(alice.address)).pendingSlashes).to.equal(1n);
    });

    it("returns sequential ids (staticCall) and stacks freezes", async function () {
      const f = await loadSlashing();
      const { alice } = await proposed(f);
      expect(
        await f.manager
          .connect(f.governor)
          .proposeSlash.staticCall(alice.address, 100, EVIDENCE_HASH, ""),
      ).to.equal(2n);
      await f.manager.connect(f.governor).proposeSlash(alice.address, 100, EVIDENCE_HASH, "");
      expect((await f.registry.getValidator(alice.address)).pendingSlashes).to.equal(2n);
    });

    it("refuses a zero share", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(MIN_STAKE, 0n);
      await expect(
        f.manager.connect(f.governor).proposeSlash(alice.address, 0, EVIDENCE_HASH, EVIDENCE_URI),
      ).to.be.revertedWithCustomError(f.manager, "SlashingZeroSlashBps");
    });

    it("refuses a share above the 90 % cap and accepts the cap itself", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(MIN_STAKE, 0n);
      await expect(
        f.manager
          .connect(f.governor)
          .proposeSlash(alice.address, 9_001, EVIDENCE_HASH, EVIDENCE_URI),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingSlashAboveCap")
        .withArgs(9_001n, 9_000n);
      expect(await f.manager.proposalCount()).to.equal(0n);
      expect((await f.registry.getValidator(alice.address)).pendingSlashes).to.equal(0n);
      await expect(
        f.manager
          .connect(f.governor)
          .proposeSlash(alice.address, 9_000, EVIDENCE_HASH, EVIDENCE_URI),
      ).to.emit(f.manager, "SlashProposed");
    });

    it("refuses an address that is not a validator", async function () {
      const f = await loadSlashing();
      await expect(
        f.manager.connect(f.governor).proposeSlash(f.outsider.address, 100, EVIDENCE_HASH, ""),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingNotValidator")
        .withArgs(f.outsider.address);
    });

    it("refuses a validator with no stake left", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(MIN_STAKE, 0n);
      await f.registry.connect(f.slasher).slash(alice.address, MIN_STAKE, REASON_GOVERNANCE);
      await expect(
        f.manager.connect(f.governor).proposeSlash(alice.address, 100, EVIDENCE_HASH, ""),
      )
        .to.be.revertedWithCustomError(f.manager, "SlashingNothingToSlash")
        .withArgs(alice.address);
    });

    it("is only for GOVERNOR_ROLE", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      await f.registry.connect(alice).register(MIN_STAKE, 0n);
      for (const caller of [f.outsider, f.vetoer, f.parameterSetter, f.admin]) {
        await expect(f.manager.connect(caller).proposeSlash(alice.address, 100, EVIDENCE_HASH, ""))
          .to.be.revertedWithCustomError(f.manager, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, Roles.GOVERNOR);
      }
    });
  });

  describe("vetoSlash", function () {
    it("vetoes during the window and lifts the freeze", async function () {
      const f = await loadSlashing();
      const { alice, stake } = await proposed(f);
      const tx = f.manager.connect(f.vetoer).vetoSlash(1n);
      await expect(tx)
        .to.emit(f.manager, "SlashVetoed")
        .withArgs(1n, alice.address, f.vetoer.address);
      await expect(tx).to.emit(f.registry, "ValidatorUnfrozen").withArgs(alice.address, 0);
      expect(await f.manager.proposalState(1n)).to.equal(State.Vetoed);
      expect((await f.registry.getValidator(alice.address)).pendingSlashes).to.equal(0n);
      expect((await f.registry.getValidator(alice.address)).stake).to.equal(stake);
    });

    it("vetoes one second before executableAt", async function () {
      const f = await loadSlashing();
      const { proposal } = await proposed(f);
      await networkHelpers.time.setNextBlockTimestamp(proposal.executableAt - 1n);
      await expect(f.manager.connect(f.vetoer).vetoSlash(1n)).to.emit(f.manager, "SlashVetoed");
    });

    it("refuses a veto at or after executableAt", async function () {
      const f = await loadSlashing();
      const { proposal } = await proposed(f);
      await networkHelpers.time.setNextBlockTimestamp(proposal.executableAt);
      await expect(f.manager.connect(f.vetoer).vetoSlash(1n))
        .to.be.revertedWithCustomError(f.manager, "SlashingVetoWindowClosed")
        .withArgs(1n, proposal.executableAt);
      await networkHelpers.time.increaseTo(proposal.executableAt + DAY);
      await expect(f.manager.connect(f.vetoer).vetoSlash(1n))
        .to.be.revertedWithCustomError(f.manager, "SlashingVetoWindowClosed")
        .withArgs(1n, proposal.executableAt);
      expect(await f.manager.proposalState(1n)).to.equal(State.Executable);
    });

    it("refuses vetoing twice, an executed proposal and an unknown id", async function () {
      const f = await loadSlashing();
      await proposed(f);
      await f.manager.connect(f.vetoer).vetoSlash(1n);
      await expect(f.manager.connect(f.vetoer).vetoSlash(1n))
        .to.be.revertedWithCustomError(f.manager, "SlashingProposalAlreadyVetoed")
        .withArgs(1n);
      await expect(f.manager.connect(f.vetoer).vetoSlash(7n))
        .to.be.revertedWithCustomError(f.manager, "SlashingProposalNotFound")
        .withArgs(7n);
      const [alice] = f.validators;
      await f.manager.connect(f.governor).proposeSlash(alice.address, 100, EVIDENCE_HASH, "");
      await networkHelpers.time.increase(2n * DAY);
      await f.manager.executeSlash(2n);
      await expect(f.manager.connect(f.vetoer).vetoSlash(2n))
        .to.be.revertedWithCustomError(f.manager, "SlashingProposalAlreadyExecuted")
        .withArgs(2n);
    });

    it("is only for VETO_ROLE", async function () {
      const f = await loadSlashing();
      await proposed(f);
      for (const caller of [f.outsider, f.governor, f.parameterSetter, f.admin]) {
        await expect(f.manager.connect(caller).vetoSlash(1n))
          .to.be.revertedWithCustomError(f.manager, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, Roles.VETO);
      }
    });
  });

  describe("executeSlash", function () {
    it("refuses execution before executableAt", async function () {
      const f = await loadSlashing();
      const { proposal, alice, stake } = await proposed(f);
      await networkHelpers.time.setNextBlockTimestamp(proposal.executableAt - 1n);
      await expect(f.manager.connect(f.outsider).executeSlash(1n))
        .to.be.revertedWithCustomError(f.manager, "SlashingVetoWindowOpen")
        .withArgs(1n, proposal.executableAt);
      expect((await f.registry.getValidator(alice.address)).stake).to.equal(stake);
    });

    it("lets anyone execute from executableAt: slashes the share of the snapshot (rounded up) and unfreezes", async function () {
      const f = await loadSlashing();
      const { proposal, alice, stake, slashBps } = await proposed(f);
      const amount = ceilDiv(stake * BigInt(slashBps), MAX_BPS);
      expect(amount * MAX_BPS).to.not.equal(stake * BigInt(slashBps)); // rounding is exercised
      await networkHelpers.time.setNextBlockTimestamp(proposal.executableAt);
      const tx = f.manager.connect(f.outsider).executeSlash(1n);
      await expect(tx)
        .to.emit(f.manager, "SlashExecuted")
        .withArgs(1n, alice.address, amount, f.outsider.address);
      await expect(tx)
        .to.emit(f.registry, "Slashed")
        .withArgs(alice.address, amount, REASON_GOVERNANCE, ethers.ZeroAddress, 0n);
      await expect(tx).to.emit(f.registry, "ValidatorUnfrozen").withArgs(alice.address, 0);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.token,
        [f.registryAddress, f.treasury],
        [-amount, amount],
      );
      expect(await f.manager.proposalState(1n)).to.equal(State.Executed);
      expect((await f.manager.getProposal(1n)).slashed).to.equal(amount);
      expect((await f.registry.getValidator(alice.address)).stake).to.equal(stake - amount);
    });

    it("returns the amount slashed (staticCall)", async function () {
      const f = await loadSlashing();
      const { proposal, stake } = await proposed(f);
      await networkHelpers.time.increaseTo(proposal.executableAt);
      expect(await f.manager.executeSlash.staticCall(1n)).to.equal(
        ceilDiv(stake * 2_500n, MAX_BPS),
      );
    });

    it("slashes by the snapshot even if the stake grew since", async function () {
      const f = await loadSlashing();
      const { proposal, alice, stake } = await proposed(f);
      await f.registry.connect(alice).increaseStake(10n * MIN_STAKE);
      await networkHelpers.time.increaseTo(proposal.executableAt);
      await f.manager.executeSlash(1n);
      expect((await f.manager.getProposal(1n)).slashed).to.equal(ceilDiv(stake * 2_500n, MAX_BPS));
    });

    it("never takes more than what is left when the stake shrank since the snapshot", async function () {
      const f = await loadSlashing();
      const [alice] = f.validators;
      const stake = 4n * MIN_STAKE;
      await f.registry.connect(alice).register(stake, 0n);
      await f.manager.connect(f.governor).proposeSlash(alice.address, 9_000, EVIDENCE_HASH, "");
      const { requestId } = await createRequest(f);
      const { a, b } = await equivocation(f, alice, requestId);
      await f.manager.reportEquivocation(requestId, a.vote, a.signature, b.vote, b.signature);
      const left = (await f.registry.getValidator(alice.address)).stake;
      expect(left).to.equal(stake / 2n);
      await networkHelpers.time.increase(2n * DAY);
      await expect(f.manager.executeSlash(1n))
        .to.emit(f.manager, "SlashExecuted")
        .withArgs(1n, alice.address, left, anyAddress());
      const v = await f.registry.getValidator(alice.address);
      expect(v.stake).to.equal(0n);
      expect(v.pendingSlashes).to.equal(0n);
    });

    it("slashes an unbonding validator", async function () {
      const f = await loadSlashing();
      const { alice, stake, proposal } = await proposed(f);
      await f.registry.connect(alice).requestUnbond();
      await networkHelpers.time.increaseTo(proposal.executableAt);
      await f.manager.executeSlash(1n);
      const v = await f.registry.getValidator(alice.address);
      expect(v.status).to.equal(Status.Unbonding);
      expect(v.stake).to.equal(stake - ceilDiv(stake * 2_500n, MAX_BPS));
    });

    it("refuses executing twice, a vetoed proposal and an unknown id", async function () {
      const f = await loadSlashing();
      const { alice, proposal } = await proposed(f);
      await networkHelpers.time.increaseTo(proposal.executableAt);
      await f.manager.executeSlash(1n);
      const stakeAfter = (await f.registry.getValidator(alice.address)).stake;
      await expect(f.manager.executeSlash(1n))
        .to.be.revertedWithCustomError(f.manager, "SlashingProposalAlreadyExecuted")
        .withArgs(1n);
      expect((await f.registry.getValidator(alice.address)).stake).to.equal(stakeAfter);
      await f.manager.connect(f.governor).proposeSlash(alice.address, 100, EVIDENCE_HASH, "");
      await f.manager.connect(f.vetoer).vetoSlash(2n);
      await networkHelpers.time.increase(3n * DAY);
      await expect(f.manager.executeSlash(2n))
        .to.be.revertedWithCustomError(f.manager, "SlashingProposalAlreadyVetoed")
        .withArgs(2n);
      await expect(f.manager.executeSlash(0n))
        .to.be.revertedWithCustomError(f.manager, "SlashingProposalNotFound")
        .withArgs(0n);
    });
  });

  describe("freeze and withdrawal", function () {
    it("blocks withdrawal while a proposal is pending, even once unbonding is over", async function () {
      const f = await loadSlashing();
      const { alice, stake } = await proposed(f);
      await f.registry.connect(alice).requestUnbond();
      await networkHelpers.time.increase(7n * DAY);
      await expect(f.registry.connect(alice).withdraw())
        .to.be.revertedWithCustomError(f.registry, "RegistryFrozen")
        .withArgs(alice.address, 1n);
      expect((await f.registry.getValidator(alice.address)).stake).to.equal(stake);
    });

    it("allows withdrawal after a veto within the window", async function () {
      const f = await loadSlashing();
      const { alice, stake } = await proposed(f);
      await f.registry.connect(alice).requestUnbond();
      await f.manager.connect(f.vetoer).vetoSlash(1n);
      await networkHelpers.time.increase(7n * DAY);
      await expect(f.registry.connect(alice).withdraw()).to.changeTokenBalances(
        ethers,
        f.token,
        [alice, f.registryAddress],
        [stake, -stake],
      );
    });

    it("allows withdrawal of the rest after execution", async function () {
      const f = await loadSlashing();
      const { alice, stake } = await proposed(f);
      await f.registry.connect(alice).requestUnbond();
      await networkHelpers.time.increase(7n * DAY);
      await f.manager.executeSlash(1n);
      const rest = stake - ceilDiv(stake * 2_500n, MAX_BPS);
      await expect(f.registry.connect(alice).withdraw()).to.changeTokenBalances(
        ethers,
        f.token,
        [alice],
        [rest],
      );
    });
  });
});

/** Matches any address argument in withArgs. */
function anyAddress() {
  return (value: unknown) => typeof value === "string" && ethers.isAddress(value);
}
