import { expect } from "chai";
import { Wallet } from "ethers";
import {
  closeGovernance,
  connectGovernance,
  deploymentDomain,
} from "../../offchain/governance/context.js";
import {
  buildEvidence,
  recoverVoteSigner,
  type SignedVote,
} from "../../offchain/governance/evidence.js";
import { reportEquivocation } from "../../offchain/governance/report.js";
import {
  deploySystem,
  devExample,
  expectedOutcome,
  fund,
  HardhatNode,
  registerDirect,
  STAKE,
  stopAll,
  submitPayload,
  validatorWallet,
  ValidatorProcess,
  waitFinalized,
  type System,
} from "./harness.js";

/**
 * Seven validators, three of them Byzantine through offchain/simulation (started with --simulate):
 * a liar, a withholder (commits, never reveals) and an equivocator (signs and serves two votes).
 * The honest outcome stands, the withholder is slashed for non-reveal, and the equivocator is
 * reported with the attestations its daemon served and slashed.
 */
describe("e2e: Byzantine minority (liar, withholder, equivocator)", function () {
  this.timeout(180_000);
  let node: HardhatNode;
  let sys: System;
  const validators: ValidatorProcess[] = [];
  const behaviours = ["honest", "honest", "honest", "honest", "liar", "withholder", "equivocator"];

  before(async function () {
    node = await HardhatNode.start();
    sys = await deploySystem(node, { commitWindow: 12n, revealWindow: 12n });
    const wallets = behaviours.map((_, i) => validatorWallet(300 + i));
    await fund(sys, wallets);
    for (const w of wallets) await registerDirect(sys, w);
    wallets.forEach((w, i) =>
      validators.push(
        new ValidatorProcess(sys, i, w, { rpcUrls: [node.url], behaviour: behaviours[i] }),
      ),
    );
  });

  after(async function () {
    await stopAll(validators);
    await sys?.close();
    node?.stop();
  });

  it("keeps the honest outcome, slashes the withholder, and slashes the equivocator on the attestations it served", async function () {
    // Honest daemons get the same config key but no --simulate: they must ignore it.
    for (const v of validators)
      await v.start({}, v.options.behaviour === "honest" ? [] : ["--simulate"]);
    for (const v of validators) await v.waitStarted();
    await node.setAutomine(false);

    const example = devExample("hc-toothache-acetaminophen");
    const requestId = await submitPayload(sys, example.payload);
    const result = await waitFinalized(sys, requestId, 90_000);
    expect(Number(result.outcome)).to.equal(expectedOutcome(example));
    expect(result.contested).to.equal(false);

    const [liar, withholder, equivocator] = validators.slice(4);
    expect((await sys.consensus.getBallot(requestId, liar.wallet.address)).revealed).to.equal(true);
    const withheld = await sys.consensus.getBallot(requestId, withholder.wallet.address);
    expect(withheld.committed).to.equal(true);
    expect(withheld.revealed).to.equal(false);
    expect((await sys.registry.getValidator(withholder.wallet.address)).stake).to.be.lessThan(
      STAKE,
    );

    const domain = deploymentDomain(sys.deployment);
    for (const honest of validators.slice(0, 4)) {
      const served = JSON.parse(
        (await honest.http(`/attestations/${requestId}`)).body,
      ) as SignedVote;
      expect(recoverVoteSigner(domain, requestId, served.vote, served.signature).signer).to.equal(
        honest.wallet.address,
      );
      expect((await sys.registry.getValidator(honest.wallet.address)).stake).to.equal(STAKE);
    }

    const all = JSON.parse((await equivocator.http(`/attestations/${requestId}?all=1`)).body) as {
      attestations: SignedVote[];
    };
    expect(all.attestations).to.have.length(2);
    const evidence = buildEvidence(domain, all.attestations[0], all.attestations[1]);
    expect(evidence.validator).to.equal(equivocator.wallet.address);

    const reporter = validatorWallet(399);
    await fund(sys, [reporter]);
    const ctx = await connectGovernance({
      rpcUrl: node.url,
      deployment: sys.deploymentFile,
      privateKey: new Wallet(reporter.privateKey).privateKey,
    });
    try {
      await reportEquivocation(ctx, evidence);
    } finally {
      closeGovernance(ctx);
    }
    const slashed = await sys.registry.queryFilter(
      sys.registry.filters.Slashed(equivocator.wallet.address),
      0,
    );
    expect(slashed).to.have.length(1);
    expect(await sys.registry.isActive(equivocator.wallet.address)).to.equal(false);
    expect(await sys.token.balanceOf(reporter.address)).to.be.greaterThan(STAKE);
  });
});
