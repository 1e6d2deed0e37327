import { expect } from "chai";
import { Wallet, encodeBytes32String, id } from "ethers";
import { QcpError } from "../../offchain/cli/errors.js";
import { contextFor, requireGovernance } from "../../offchain/governance/context.js";
import { findEquivocations } from "../../offchain/governance/collect.js";
import { decodeGovernanceRevert, toGovernanceError } from "../../offchain/governance/errors.js";
import {
  buildEvidence,
  parseEvidence,
  parseSignedVote,
  signVote,
  verifyEvidence,
} from "../../offchain/governance/evidence.js";
import {
  PARAMETERS,
  findParameter,
  listParameters,
  parameterBounds,
  parameterCall,
  parseParameterValue,
} from "../../offchain/governance/params.js";
import { decodeRevert } from "../../offchain/protocol/errors.js";
import { eip712Domain } from "../../offchain/protocol/eip712.js";
import { deployProtocol } from "../../scripts/deployGovernance.js";
import { SlashingManager__factory } from "../../typechain-types/index.js";
import { ethers, vote } from "./fixture.js";

const DOMAIN = eip712Domain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
const alice = new Wallet(id("alice"));
const bob = new Wallet(id("bob"));

describe("offchain/governance", function () {
  describe("evidence", function () {
    it("builds evidence from two signed votes and verifies it", async function () {
      const a = await signVote(alice, DOMAIN, 7n, vote(9_000));
      const b = await signVote(alice, DOMAIN, 7n, vote(1_000));
      const evidence = buildEvidence(DOMAIN, a, b);
      expect(evidence.validator).to.equal(alice.address);
      expect(evidence.requestId).to.equal("7");
      const verdict = verifyEvidence(DOMAIN, evidence);
      expect(verdict.valid).to.equal(true);
      expect(verdict.problems).to.deep.equal([]);
      // The round trip through JSON keeps it valid.
      expect(
        verifyEvidence(DOMAIN, parseEvidence(JSON.parse(JSON.stringify(evidence)))).valid,
      ).to.equal(true);
    });

    it("refuses votes on different requests, identical votes and different signers", async function () {
      const a = await signVote(alice, DOMAIN, 7n, vote(9_000));
      expect(() => buildEvidence(DOMAIN, a, { ...a, requestId: "8" })).to.throw(
        /different requests/,
      );
      expect(() => buildEvidence(DOMAIN, a, a)).to.throw(/identical/);
      const c = await signVote(bob, DOMAIN, 7n, vote(1_000));
      expect(() => buildEvidence(DOMAIN, a, c)).to.throw(/different addresses/);
    });

    it("reports a signature under another domain, a wrong validator and malformed signatures", async function () {
      const other = eip712Domain(1n, DOMAIN.verifyingContract);
      const a = await signVote(alice, DOMAIN, 7n, vote(9_000));
      const foreign = await signVote(alice, other, 7n, vote(1_000));
      const evidence = {
        requestId: "7",
        validator: alice.address,
        voteA: a.vote,
        sigA: a.signature,
        voteB: foreign.vote,
        sigB: foreign.signature,
      };
      expect(verifyEvidence(DOMAIN, evidence).problems.join()).to.match(/different addresses/);
      const claimed = { ...evidence, validator: bob.address, sigB: a.signature, voteB: vote(1) };
      expect(verifyEvidence(DOMAIN, claimed).problems.join()).to.match(
        /not by the claimed validator/,
      );
      const short = { ...evidence, sigB: a.signature.slice(0, 20) };
      expect(verifyEvidence(DOMAIN, short).problems.join()).to.match(
        /sigB: signature must be 65 bytes/,
      );
    });

    it("rejects malformed files with every problem named", function () {
      expect(() => parseSignedVote({ requestId: "x", vote: {}, signature: "zz" })).to.throw(
        /invalid signed vote: requestId.*vote.quality.*signature/,
      );
      expect(() => parseEvidence({ requestId: 1 })).to.throw(/invalid evidence: validator/);
    });
  });

  describe("collect", function () {
    it("finds one equivocation per signer and request among mixed attestations", async function () {
      const a = await signVote(alice, DOMAIN, 7n, vote(9_000));
      const b = await signVote(alice, DOMAIN, 7n, vote(1_000));
      const c = await signVote(bob, DOMAIN, 7n, vote(5_000));
      const d = await signVote(alice, DOMAIN, 8n, vote(5_000));
      // The daemon's attestation format carries validator and digest too: ignored, signers are recovered.
      const daemonFormat = { ...b, validator: bob.address, digest: ethers.ZeroHash };
      const broken = { ...a, signature: `${a.signature.slice(0, 130)}00` };
      const found = findEquivocations(DOMAIN, [a, a, c, d, broken, parseSignedVote(daemonFormat)]);
      expect(found).to.have.length(1);
      expect(found[0].validator).to.equal(alice.address);
      expect(found[0].requestId).to.equal("7");
      expect(verifyEvidence(DOMAIN, found[0]).valid).to.equal(true);
      expect(findEquivocations(DOMAIN, [a, c, d])).to.deep.equal([]);
    });
  });

  describe("deployment file", function () {
    it("refuses a deployment without governance addresses, naming them", function () {
      const base = {
        chainId: 31337,
        token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        consensus: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
        deployBlock: 1,
      };
      expect(() => requireGovernance(base)).to.throw(
        QcpError,
        /no slashingManager and timelock address/,
      );
      const full = { ...base, slashingManager: base.token, timelock: base.registry };
      expect(requireGovernance(full)).to.equal(full);
    });
  });

  describe("revert decoding", function () {
    it("turns a custom error into a QcpError with its name, arguments and a hint", function () {
      const iface = SlashingManager__factory.createInterface();
      const data = iface.encodeErrorResult("SlashingVetoWindowClosed", [3n, 1_800_000_000n]);
      // Providers nest the revert data differently; the decoder looks through them.
      const nested = { info: { error: { data: { data } } } };
      expect(decodeRevert(nested, [iface])?.name).to.equal("SlashingVetoWindowClosed");
      const error = toGovernanceError(nested, "veto proposal 3");
      expect(error).to.be.instanceOf(QcpError);
      expect(error.message).to.equal(
        "veto proposal 3: the veto window for proposal 3 closed at 2027-01-15T08:00:00.000Z (unix 1800000000)",
      );
      expect(error.hints.join("\n")).to.include("SlashingVetoWindowClosed(3, 1800000000)");
    });

    it("names roles and decodes bytes32 parameter names", function () {
      const iface = SlashingManager__factory.createInterface();
      const role = toGovernanceError(
        {
          data: iface.encodeErrorResult("AccessControlUnauthorizedAccount", [
            bob.address,
            id("VETO_ROLE"),
          ]),
        },
        "veto",
      );
      expect(role.message).to.equal(`veto: ${bob.address} lacks role VETO_ROLE`);
      const bounds = toGovernanceError(
        {
          data: iface.encodeErrorResult("SlashingParameterOutOfBounds", [
            encodeBytes32String("evidenceWindow"),
            1n,
            3_600n,
            259_200n,
          ]),
        },
        "set",
      );
      expect(bounds.message).to.equal(
        "set: evidenceWindow = 1 is outside its bounds [3600, 259200]",
      );
    });
  });

  describe("parameter table", function () {
    it("parses values with duration suffixes only for seconds", function () {
      expect(parseParameterValue(findParameter("evidenceWindow"), "2d")).to.equal(172_800n);
      expect(parseParameterValue(findParameter("evidenceWindow"), "90")).to.equal(90n);
      expect(() => parseParameterValue(findParameter("reporterRewardBps"), "2d")).to.throw(
        /not a valid value/,
      );
      expect(() => findParameter("nope")).to.throw(/unknown parameter/);
    });

    it("matches the bounds the contracts enforce, for every parameter", async function () {
      const [admin] = await ethers.getSigners();
      const d = await deployProtocol(ethers, { admin, powDifficultyBits: 0 });
      // The admin gets PARAMETER_ROLE of the manager too, so every setter can be simulated from it.
      await d.slashingManager.grantRole(id("PARAMETER_ROLE"), admin.address);
      const ctx = contextFor(ethers.provider, d.deployment);
      const rows = await listParameters(ctx);
      expect(rows.map((r) => r.name)).to.deep.equal(PARAMETERS.map((p) => p.name));
      expect(rows.find((r) => r.name === "equivocationSlashBps")?.value).to.equal(5_000n);
      expect(rows.find((r) => r.name === "commitWindow")?.value).to.equal(120n);
      for (const spec of PARAMETERS) {
        const { min, max } = await parameterBounds(ctx, spec);
        const call = (value: bigint) => {
          const { target, data } = parameterCall(ctx, spec, value);
          return ethers.provider.call({ from: admin.address, to: target, data });
        };
        await call(min);
        await call(max);
        const outside = min > 0n ? [min - 1n, max + 1n] : [max + 1n];
        for (const value of outside) {
          let reverted: unknown;
          try {
            await call(value);
          } catch (error) {
            reverted = error;
          }
          expect(reverted, `${spec.name} = ${value} should revert`).to.not.equal(undefined);
          const revert = decodeGovernanceRevert(reverted);
          expect(revert?.name, spec.name).to.match(/ParameterOutOfBounds$/);
          expect(revert?.args.slice(1).map(String), spec.name).to.deep.equal(
            [value, min, max].map(String),
          );
        }
      }
    });
  });
});
