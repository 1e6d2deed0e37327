import { expect } from "chai";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HDNodeWallet, Wallet, id, keccak256 } from "ethers";
import { network } from "hardhat";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { deployProtocol } from "../../scripts/deployGovernance.js";
import { registerValidators, submitSampleRequest } from "../../scripts/setupProtocol.js";
import { saveDeployment } from "../../offchain/config/deployment.js";
import { runQcp } from "../../offchain/devnet/cli.js";
import { advanceTime, HardhatNode, rpc } from "../../offchain/devnet/hardhatNode.js";
import type { GovernanceDeployment } from "../../offchain/governance/context.js";

/** Hardhat node's default accounts (the well-known test mnemonic): account i's key. */
const MNEMONIC = "test test test test test test test test test test test junk";
const accountKey = (i: number) =>
  HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`).privateKey;

const TOKEN = 10n ** 18n;
const MIN_STAKE = 1_000n * TOKEN;
const DAY = 86_400;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

describe("qcp governance against a local JSON-RPC node", function () {
  this.timeout(300_000);

  let node: HardhatNode;
  let dir: string;
  let deploymentFile: string;
  let deployment: GovernanceDeployment;
  let ethers: HardhatEthers;
  let mallory: Wallet;
  let victim: Wallet;
  let requestId: bigint;
  const reporterKey = accountKey(3);
  const proposerKey = accountKey(0); // the deployer: the timelock's proposer
  const vetoerKey = accountKey(1);

  /** Runs `qcp` as a child process, the way an operator would, with `key` as the only key. */
  async function qcp(args: string[], key?: string): Promise<CliResult> {
    const run = await runQcp(args, {
      QCP_RPC_URL: node.url,
      QCP_DEPLOYMENT: deploymentFile,
      QCP_PRIVATE_KEY: key || undefined,
    });
    return {
      ...run,
      code: run.code ?? -1,
      json: () => JSON.parse(run.stdout) as Record<string, unknown>,
    };
  }

  const travel = (seconds: number) => advanceTime(node.url, seconds);

  async function stakeOf(address: string): Promise<bigint> {
    const registry = await ethers.getContractAt("ValidatorRegistry", deployment.registry);
    return (await registry.getValidator(address)).stake;
  }

  before(async function () {
    // No interval mining: the timelock and veto windows move only when the test travels.
    node = await HardhatNode.start({ intervalMs: 0, startTimeoutMs: 90_000 });
    ({ ethers } = await network.create({ network: "localhost", override: { url: node.url } }));
    const signers = await ethers.getSigners();
    const deployed = await deployProtocol(ethers, {
      admin: signers[0],
      powDifficultyBits: 0,
      minDelay: 60n,
      vetoer: signers[1].address,
    });
    deployment = deployed.deployment;
    dir = mkdtempSync(join(tmpdir(), "qcp-governance-"));
    deploymentFile = join(dir, "deployment.json");
    saveDeployment(deploymentFile, deployment);

    // Six validators with their own keys; mallory will equivocate, victim is judged by governance.
    const wallets = [0, 1, 2, 3, 4, 5].map(
      (i) => new Wallet(id(`qcp-governance-cli-validator-${i}`), ethers.provider),
    );
    for (const w of wallets) {
      await rpc(node.url, "hardhat_setBalance", [w.address, "0x56BC75E2D63100000"]);
    }
    await registerValidators(deployed, wallets, {
      mint: 10n * MIN_STAKE,
      stake: 4n * MIN_STAKE,
      approve: ethers.MaxUint256,
    });
    [mallory, victim] = wallets;
    requestId = await submitSampleRequest(deployed, signers[2], {
      fee: 10n * TOKEN,
      mint: 1_000n * TOKEN,
      approve: ethers.MaxUint256,
    });
  });

  after(async function () {
    node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("prints help for every governance command", async function () {
    for (const args of [
      ["governance", "--help"],
      ["governance", "evidence", "report", "--help"],
      ["governance", "slash", "propose", "--help"],
      ["governance", "param", "propose", "--help"],
    ]) {
      const result = await qcp(args);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/Usage: qcp governance/);
    }
  });

  it("signs, builds, verifies and reports an equivocation; the reporter is paid", async function () {
    const a = join(dir, "vote-a.json");
    const b = join(dir, "vote-b.json");
    const evidence = join(dir, "evidence.json");
    const findings = id("findings");
    const common = ["--request", String(requestId), "--risk", "1000", "--domain", "9000"];
    const sign = ["governance", "evidence", "sign", ...common, "--findings-hash", findings];
    expect(
      (await qcp([...sign, "--quality", "9000", "--out", a], mallory.privateKey)).code,
    ).to.equal(0);
    expect(
      (await qcp([...sign, "--quality", "1000", "--out", b], mallory.privateKey)).code,
    ).to.equal(0);

    const built = await qcp(["governance", "evidence", "build", a, b, "--out", evidence]);
    expect(built.code, built.stderr).to.equal(0);
    const file = JSON.parse(readFileSync(evidence, "utf8")) as Record<string, unknown>;
    expect(file.validator).to.equal(mallory.address);
    expect(file.requestId).to.equal(String(requestId));

    const collectedFile = join(dir, "collected.json");
    const collected = await qcp([
      "governance",
      "evidence",
      "collect",
      a,
      b,
      "--out",
      collectedFile,
    ]);
    expect(collected.code, collected.stderr).to.equal(0);
    expect(JSON.parse(readFileSync(collectedFile, "utf8"))).to.deep.equal(file);

    const verified = await qcp(["governance", "evidence", "verify", evidence, "--onchain"]);
    expect(verified.code, verified.stderr).to.equal(0);
    const verdict = verified.json();
    expect(verdict.valid).to.equal(true);
    expect((verdict.onchain as Record<string, unknown>).reportable).to.equal(true);
    expect((verdict.onchain as Record<string, unknown>).slashed).to.equal(String(2n * MIN_STAKE));

    const stakeBefore = await stakeOf(mallory.address);
    const dry = await qcp(["governance", "evidence", "report", evidence, "--dry-run"], reporterKey);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(dry.json().dryRun).to.equal(true);
    expect(await stakeOf(mallory.address)).to.equal(stakeBefore);

    const token = await ethers.getContractAt("TestStakeToken", deployment.token);
    const reporter = new Wallet(reporterKey).address;
    const balanceBefore = await token.balanceOf(reporter);
    const reported = await qcp(["governance", "evidence", "report", evidence], reporterKey);
    expect(reported.code, reported.stderr).to.equal(0);
    const out = reported.json();
    expect(out.slashed).to.equal(String(2n * MIN_STAKE));
    expect(out.reward).to.equal(String(MIN_STAKE));
    expect(out.txHash).to.match(/^0x[0-9a-f]{64}$/);
    expect(await stakeOf(mallory.address)).to.equal(stakeBefore - 2n * MIN_STAKE);
    expect(await token.balanceOf(reporter)).to.equal(balanceBefore + MIN_STAKE);
    const manager = await ethers.getContractAt("SlashingManager", deployment.slashingManager);
    expect(await manager.isEvidenceUsed(out.evidenceId as string)).to.equal(true);

    const again = await qcp(["governance", "evidence", "report", evidence], reporterKey);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/already slashed/);
    expect(again.stderr).to.match(/SlashingEvidenceAlreadyUsed/);
  });

  it("refuses to build evidence from identical or foreign votes, with a clear message", async function () {
    const a = join(dir, "same-a.json");
    const c = join(dir, "victim-c.json");
    const args = [
      "--request",
      String(requestId),
      "--quality",
      "5000",
      "--risk",
      "1",
      "--domain",
      "1",
    ];
    const hash = ["--findings-hash", id("x")];
    await qcp(["governance", "evidence", "sign", ...args, ...hash, "--out", a], mallory.privateKey);
    await qcp(["governance", "evidence", "sign", ...args, ...hash, "--out", c], victim.privateKey);
    const same = await qcp(["governance", "evidence", "build", a, a]);
    expect(same.code).to.equal(1);
    expect(same.stderr).to.match(/identical/);
    const foreign = await qcp(["governance", "evidence", "build", a, c]);
    expect(foreign.code).to.equal(1);
    expect(foreign.stderr).to.match(/different addresses/);
    const none = await qcp(["governance", "evidence", "collect", a, c]);
    expect(none.code).to.equal(1);
    expect(none.stderr).to.match(/no equivocation among 2 attestation/);
  });

  it("proposes through the timelock, vetoes, proposes again and executes after the veto window", async function () {
    const doc = join(dir, "evidence.txt");
    writeFileSync(doc, "victim skipped checks on request 1: logs attached\n");
    const propose = [
      "governance",
      "slash",
      "propose",
      "--validator",
      victim.address,
      "--evidence-file",
      doc,
      "--uri",
      "ipfs://evidence",
    ];
    const manager = await ethers.getContractAt("SlashingManager", deployment.slashingManager);
    const registry = await ethers.getContractAt("ValidatorRegistry", deployment.registry);

    const above = await qcp([...propose, "--bps", "9001"], proposerKey);
    expect(above.code).to.equal(1);
    expect(above.stderr).to.match(/outside 1\.\.9000/);

    const scheduled = await qcp([...propose, "--bps", "2500"], proposerKey);
    expect(scheduled.code, scheduled.stderr).to.equal(0);
    expect(scheduled.json().route).to.equal("timelock");

    const early = await qcp([...propose, "--bps", "2500", "--timelock-execute"], proposerKey);
    expect(early.code).to.equal(1);
    expect(early.stderr).to.match(/not ready until/);

    await travel(61);
    const created = await qcp([...propose, "--bps", "2500", "--timelock-execute"], proposerKey);
    expect(created.code, created.stderr).to.equal(0);
    expect(created.json().proposalId).to.equal("1");
    const p1 = await manager.getProposal(1n);
    expect(p1.evidenceHash).to.equal(keccak256(readFileSync(doc)));
    expect((await registry.getValidator(victim.address)).pendingSlashes).to.equal(1n);

    const tooEarly = await qcp(["governance", "slash", "execute", "1"], reporterKey);
    expect(tooEarly.code).to.equal(1);
    expect(tooEarly.stderr).to.match(/proposal 1 is in its veto window until/);

    const notVetoer = await qcp(["governance", "slash", "veto", "1"], reporterKey);
    expect(notVetoer.code).to.equal(1);
    expect(notVetoer.stderr).to.match(/lacks role VETO_ROLE/);

    const vetoed = await qcp(["governance", "slash", "veto", "1"], vetoerKey);
    expect(vetoed.code, vetoed.stderr).to.equal(0);
    expect((await registry.getValidator(victim.address)).pendingSlashes).to.equal(0n);

    // Second proposal (a different share: a different timelock operation).
    expect((await qcp([...propose, "--bps", "3000"], proposerKey)).code).to.equal(0);
    await travel(61);
    const second = await qcp([...propose, "--bps", "3000", "--timelock-execute"], proposerKey);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.json().proposalId).to.equal("2");

    await travel(2 * DAY);
    const lateVeto = await qcp(["governance", "slash", "veto", "2"], vetoerKey);
    expect(lateVeto.code).to.equal(1);
    expect(lateVeto.stderr).to.match(/veto window for proposal 2 closed at/);

    const stake = await stakeOf(victim.address);
    const dry = await qcp(["governance", "slash", "execute", "2", "--dry-run"], reporterKey);
    expect(dry.code, dry.stderr).to.equal(0);
    expect(await stakeOf(victim.address)).to.equal(stake);
    const executed = await qcp(["governance", "slash", "execute", "2"], reporterKey);
    expect(executed.code, executed.stderr).to.equal(0);
    const slashed = (stake * 3_000n + 9_999n) / 10_000n;
    expect(executed.json().slashed).to.equal(String(slashed));
    expect(await stakeOf(victim.address)).to.equal(stake - slashed);

    const twice = await qcp(["governance", "slash", "execute", "2"], reporterKey);
    expect(twice.code).to.equal(1);
    expect(twice.stderr).to.match(/already executed/);

    const listed = await qcp(["governance", "slash", "list"]);
    expect(listed.code, listed.stderr).to.equal(0);
    const rows = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(rows.map((r) => [r.proposalId, r.state, r.evidenceURI])).to.deep.equal([
      ["1", "vetoed", "ipfs://evidence"],
      ["2", "executed", "ipfs://evidence"],
    ]);
  });

  it("changes a parameter through the timelock only after the delay, refusing out-of-bounds values first", async function () {
    const out = await qcp(["governance", "param", "propose", "evidenceWindow", "4d"], proposerKey);
    expect(out.code).to.equal(1);
    expect(out.stderr).to.match(/evidenceWindow = 345600 is outside its bounds \[3600, 259200\]/);

    const scheduled = await qcp(
      ["governance", "param", "propose", "slashVetoWindow", "6h"],
      proposerKey,
    );
    expect(scheduled.code, scheduled.stderr).to.equal(0);
    const early = await qcp(
      ["governance", "param", "execute", "slashVetoWindow", "6h"],
      proposerKey,
    );
    expect(early.code).to.equal(1);
    expect(early.stderr).to.match(/not ready until/);
    const manager = await ethers.getContractAt("SlashingManager", deployment.slashingManager);
    expect(await manager.slashVetoWindow()).to.equal(BigInt(2 * DAY));

    await travel(61);
    const executed = await qcp(
      ["governance", "param", "execute", "slashVetoWindow", "6h"],
      proposerKey,
    );
    expect(executed.code, executed.stderr).to.equal(0);
    expect(await manager.slashVetoWindow()).to.equal(6n * 3_600n);

    const listed = await qcp(["governance", "param", "list"]);
    const rows = JSON.parse(listed.stdout) as Record<string, unknown>[];
    expect(rows.find((r) => r.name === "slashVetoWindow")?.value).to.equal("21600");
  });

  it("needs a key to send and never prints it", async function () {
    const noKey = await qcp(["governance", "slash", "execute", "1"]);
    expect(noKey.code).to.equal(1);
    expect(noKey.stderr).to.match(/QCP_PRIVATE_KEY/);
    const withKey = await qcp(["governance", "slash", "execute", "9"], reporterKey);
    expect(withKey.code).to.equal(1);
    expect(withKey.stderr).to.match(/proposal 9 does not exist/);
    expect(withKey.stderr + withKey.stdout).to.not.include(reporterKey.slice(2));
  });
});
