import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import type { Hex } from "viem";
import { connectQcp } from "../../offchain/client/index.js";
import { canonicalJson } from "../../offchain/protocol/payload.js";
import {
  deploySystem,
  devExample,
  expectedOutcome,
  fund,
  HardhatNode,
  Outcome,
  registerDirect,
  runQcp,
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

  it("fetches a payload given by uri, checks its hash, and rejects one that does not match", async function () {
    const example = devExample(CLEAN);
    const other = devExample("legal-small-claims-tx");
    const good = join(sys.dir, "payload-good.json");
    const tampered = join(sys.dir, "payload-tampered.json");
    writeFileSync(good, canonicalJson(example.payload));
    const altered = structuredClone(other.payload) as { output: { text: string } };
    altered.output.text += " Sue them tomorrow, you will win.";
    writeFileSync(tampered, canonicalJson(altered));
    const goodId = await submitPayload(sys, example.payload, undefined, pathToFileURL(good).href);
    // The tampered file is served for a request that committed to the clean original's hash.
    const badId = await submitPayload(sys, other.payload, undefined, pathToFileURL(tampered).href);
    const [goodResult, badResult] = await Promise.all([
      waitFinalized(sys, goodId, 60_000),
      waitFinalized(sys, badId, 60_000),
    ]);
    expect(Number(goodResult.outcome)).to.equal(Outcome.Accepted);
    expect(Number(badResult.outcome)).to.equal(Outcome.Rejected);
  });

  it("operator commands: register (proof of work), status, claim, unbond, withdraw, and a graceful stop", async function () {
    const wallet = validatorWallet(7);
    const env = { QCP_VALIDATOR_PRIVATE_KEY: wallet.privateKey };
    await fund(sys, [wallet]);
    const operator = new ValidatorProcess(sys, 7, wallet, { rpcUrls: [node.url] });
    await operator.writeConfig();
    const config = ["--config", operator.configPath];

    const registered = await runQcp(["validator", "register", ...config, "--stake", "2000"], env);
    expect(registered.code, registered.stderr).to.equal(0);
    expect(registered.stderr).to.match(/mining proof of work: 4 leading zero bits/);
    expect(registered.stderr).to.match(/found nonce \d+ after \d+ attempts/);
    expect(registered.stdout).to.include(`registered ${wallet.address} with stake 2000`);
    const status = await runQcp(["validator", "status", ...config, "--json"], env);
    expect(JSON.parse(status.stdout)).to.include({
      status: "active",
      stake: "2000.0",
      reputationBps: 5000,
    });

    // SIGTERM: the daemon finishes its duty, closes the database and exits 0.
    const first = validators[0];
    first.kill("SIGTERM");
    expect(await first.exited()).to.equal(0);
    expect(first.logs().some((l) => l.msg === "validator stopped")).to.equal(true);
    const pending = await sys.consensus.pendingRewards(first.wallet.address);
    const claim = await runQcp(["validator", "claim", "--config", first.configPath], {
      QCP_VALIDATOR_PRIVATE_KEY: first.wallet.privateKey,
    });
    if (pending > 0n) {
      expect(claim.code, claim.stderr).to.equal(0);
      expect(await sys.consensus.pendingRewards(first.wallet.address)).to.equal(0n);
    } else {
      expect(claim.code).to.equal(1);
      expect(claim.stderr).to.include("ConsensusNothingToClaim");
    }

    const unbond = await runQcp(["validator", "unbond", ...config], env);
    expect(unbond.code, unbond.stderr).to.equal(0);
    expect(await sys.registry.isActive(wallet.address)).to.equal(false);
    const withdraw = await runQcp(["validator", "withdraw", ...config], env);
    expect(withdraw.code).to.equal(1);
    expect(withdraw.stderr).to.match(/withdraw would revert: RegistryStillUnbonding/);
    expect(withdraw.stderr).to.include("hint: the unbonding period is not over");
  });

  it("refuses a malformed config with every bad key named", async function () {
    const bad = `${sys.dir}/bad.yaml`;
    writeFileSync(bad, "network:\n  chain_id: 31337\n  rpc_urls: [nope]\nvalidator: {}\n");
    const result = await runQcp(["validator", "start", "--config", bad]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include("hint: network.rpc_urls[0]: must be an http(s) URL");
    expect(result.stderr).to.include("hint: validator.database:");
  });

  it("stops with exit code 2 when no endpoint serves the configured chain", async function () {
    const wrongChain = `${sys.dir}/wrong-chain.yaml`;
    writeFileSync(
      wrongChain,
      [
        "network:",
        "  chain_id: 1",
        `  rpc_urls: [${node.url}]`,
        "  addresses:",
        `    consensus: "${sys.deployment.consensus}"`,
        `    registry: "${sys.deployment.registry}"`,
        "validator:",
        `  database: ${sys.dir}/wrong-chain.sqlite`,
        "  metrics_port: 0",
      ].join("\n"),
    );
    const result = await runQcp(["validator", "start", "--config", wrongChain], {
      QCP_VALIDATOR_PRIVATE_KEY: validatorWallet(97).privateKey,
    });
    expect(result.code).to.equal(2);
    expect(result.stdout).to.include("no RPC endpoint serves chain 1");
  });
});
