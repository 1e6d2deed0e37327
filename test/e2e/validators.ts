import { expect } from "chai";
import type { Hex } from "viem";
import { connectQcp } from "../../offchain/client/index.js";
import {
  deploySystem,
  devExample,
  expectedOutcome,
  fund,
  HardhatNode,
  registerDirect,
  stopAll,
  submitPayload,
  validatorWallet,
  ValidatorProcess,
  waitFinalized,
  type System,
} from "./harness.js";

const CLEAN = "fin-index-fund-hold";
const UNSAFE = "hc-toothache-acetaminophen";

describe("e2e: validators as separate processes", function () {
  this.timeout(180_000);
  let node: HardhatNode;
  let sys: System;
  const validators: ValidatorProcess[] = [];

  before(async function () {
    node = await HardhatNode.start();
    sys = await deploySystem(node, { commitWindow: 15n, revealWindow: 15n });
  });

  after(async function () {
    await stopAll(validators);
    await sys?.close();
    node?.stop();
  });

  async function addValidators(from: number, to: number): Promise<ValidatorProcess[]> {
    await node.setAutomine(true);
    const wallets = [];
    for (let i = from; i < to; i++) wallets.push(validatorWallet(i));
    await fund(sys, wallets);
    for (const w of wallets) await registerDirect(sys, w);
    const started = wallets.map(
      (w, k) => new ValidatorProcess(sys, from + k, w, { rpcUrls: [node.url] }),
    );
    for (const v of started) await v.start();
    for (const v of started) await v.waitStarted();
    validators.push(...started);
    await node.setAutomine(false);
    return started;
  }

  async function runRound(committeeSize: number) {
    const clean = devExample(CLEAN);
    const unsafe = devExample(UNSAFE);
    const cleanId = await submitPayload(sys, clean.payload);
    const unsafeId = await submitPayload(sys, unsafe.payload);
    const [cleanResult, unsafeResult] = await Promise.all([
      waitFinalized(sys, cleanId, 40_000),
      waitFinalized(sys, unsafeId, 40_000),
    ]);
    expect(Number(cleanResult.outcome)).to.equal(expectedOutcome(clean));
    expect(Number(unsafeResult.outcome)).to.equal(expectedOutcome(unsafe));
    const request = await sys.consensus.getRequest(cleanId);
    expect(Number(request.committeeSize)).to.equal(committeeSize);
    expect(Number(request.revealCount)).to.equal(committeeSize);
    expect(Number(cleanResult.participationBps)).to.equal(10_000);
  }

  it("4 validators reach the right outcome on a clean and an unsafe payload", async function () {
    await addValidators(0, 4);
    await runRound(4);
    for (const v of validators) {
      const health = await v.http("/healthz");
      expect(health.status).to.equal(200);
      const metrics = await v.http("/metrics");
      expect(metrics.body).to.match(/qcp_votes_total\{action="reveal",result="confirmed"\} 2/);
    }
  });

  it("7 validators reach the right outcome on a clean and an unsafe payload", async function () {
    await addValidators(4, 7);
    await runRound(7);
  });

  it("the client SDK submits a request and waits for its result", async function () {
    const account = validatorWallet(98);
    await node.setAutomine(true);
    await fund(sys, [account]);
    await node.setAutomine(false);
    const client = await connectQcp({
      rpcUrl: node.url,
      deployment: sys.deploymentFile,
      account: account.privateKey as Hex,
      pollingIntervalMs: 500,
    });
    const example = devExample("legal-landlord-entry-wa");
    const submitted = await client.submitRequest(example.payload, { fee: 10n ** 18n });
    expect(submitted.committeeSize).to.equal(7);
    const result = await client.waitForResult(submitted.requestId, { timeoutMs: 90_000 });
    expect(result.finalized).to.equal(true);
    expect(result.outcome).to.equal(expectedOutcome(example));
    expect(result.participationBps).to.equal(10_000);
  });
});
