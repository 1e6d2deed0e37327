import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Wallet, type TypedDataField } from "ethers";
import { network } from "hardhat";
import { erc20Abi, hexToString, parseEther, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import type { QcpError } from "../../offchain/cli/errors.js";
import type { Deployment } from "../../offchain/config/deployment.js";
import { connectQcp, simulateSubmitRequest, type QcpClient } from "../../offchain/client/index.js";
import {
  ContractRevertError,
  PayloadTooLargeError,
  RequestTimeoutError,
} from "../../offchain/client/errors.js";
import { Phase, type PhaseName } from "../../offchain/client/types.js";
import { computeCommitment } from "../../offchain/protocol/commitment.js";
import { eip712Domain } from "../../offchain/protocol/eip712.js";
import {
  MAX_INLINE_PAYLOAD_BYTES,
  canonicalJson,
  computeOutputHash,
} from "../../offchain/protocol/payload.js";
import { deriveSalt, type TypedDataSigner } from "../../offchain/protocol/salt.js";
import type { Vote } from "../../offchain/protocol/vote.js";
import { deployQualityConsensus } from "../../scripts/deploy.js";
import type { QualityConsensus, TestStakeToken } from "../../typechain-types/index.js";
import { examplePath, payloadOfSize, readExample } from "./helpers.js";
import { runQcp } from "../../offchain/devnet/cli.js";
import { HardhatNode, advanceTime, rpc } from "../../offchain/devnet/hardhatNode.js";

const TOKEN = 10n ** 18n;
const MIN_STAKE = 1_000n * TOKEN;
const WINDOW_S = 120; // the contract's default commit and reveal windows
const findings = (tag: string) =>
  `0x${Buffer.from(tag.padEnd(32, "\0")).toString("hex")}` as `0x${string}`;
const HONEST: Vote = { quality: 8500, risk: 1200, domain: 9000, findingsHash: findings("clean") };
const SLIGHTLY_OFF: Vote = {
  quality: 8000,
  risk: 1500,
  domain: 8800,
  findingsHash: findings("near"),
};
const UNSAFE: Vote = { quality: 7800, risk: 8000, domain: 6000, findingsHash: findings("unsafe") };

/** ethers' Wallet signs the salt's typed data; its types parameter is just not readonly. */
const saltSigner = (wallet: Wallet): TypedDataSigner => ({
  signTypedData: (domain, types, value) =>
    wallet.signTypedData(domain, types as unknown as Record<string, TypedDataField[]>, value),
});

describe("client SDK and CLI against a hardhat node", function () {
  this.timeout(300_000);

  let node: HardhatNode;
  let closeConnection: () => Promise<void>;
  let consensus: QualityConsensus;
  let token: TestStakeToken;
  let validators: Wallet[];
  let chainId: bigint;
  let deployment: Deployment;
  let workDir: string;
  let deploymentFile: string;
  let clientKey: Hex;
  let qcp: QcpClient;
  let registerValidator: () => Promise<Wallet>;
  let registryActive: () => Promise<string[]>;

  /** Each validator commits `votes[i]` (skip when undefined) with the salt derived from its key. */
  async function commitAll(requestId: bigint, votes: (Vote | undefined)[]) {
    const domain = eip712Domain(chainId, deployment.consensus as `0x${string}`);
    for (const [i, v] of validators.entries()) {
      const vote = votes[i];
      if (!vote) continue;
      const salt = await deriveSalt(saltSigner(v), domain, requestId);
      const commitment = computeCommitment(
        {
          chainId,
          consensus: deployment.consensus as `0x${string}`,
          requestId,
          validator: v.address as `0x${string}`,
        },
        vote,
        salt,
      );
      await (await consensus.connect(v).commitVote(requestId, commitment)).wait();
    }
  }

  async function revealAll(requestId: bigint, votes: (Vote | undefined)[]) {
    const domain = eip712Domain(chainId, deployment.consensus as `0x${string}`);
    for (const [i, v] of validators.entries()) {
      const vote = votes[i];
      if (!vote) continue;
      // Re-derived, not remembered: the salt depends on nothing but the key and the request.
      const salt = await deriveSalt(saltSigner(v), domain, requestId);
      await (await consensus.connect(v).revealVote(requestId, vote, salt)).wait();
    }
  }

  async function finalize(requestId: bigint) {
    await (await consensus.finalize(requestId)).wait();
  }

  before(async function () {
    // No interval mining: the tests move chain time themselves (advanceTime), so phases are exact.
    node = await HardhatNode.start({ intervalMs: 0 });
    const connection = await network.create({ network: "localhost", override: { url: node.url } });
    closeConnection = () => connection.close();
    const { ethers } = connection;
    const deployBlock = await ethers.provider.getBlockNumber();
    const d = await deployQualityConsensus(ethers, { powDifficultyBits: 0 });
    consensus = d.consensus;
    token = d.token;
    chainId = (await ethers.provider.getNetwork()).chainId;

    registerValidator = async () => {
      const v = new Wallet(generatePrivateKey(), ethers.provider);
      await rpc(node.url, "hardhat_setBalance", [v.address, "0x56BC75E2D63100000"]);
      await (await token.mint(v.address, MIN_STAKE)).wait();
      await (await token.connect(v).approve(d.addresses.registry, MIN_STAKE)).wait();
      await (await d.registry.connect(v).register(MIN_STAKE, 0n)).wait();
      return v;
    };
    registryActive = async () => [...(await d.registry.activeValidators())];
    validators = [];
    for (let i = 0; i < 4; i++) validators.push(await registerValidator());
    clientKey = generatePrivateKey();
    const clientAddress = privateKeyToAddress(clientKey);
    await rpc(node.url, "hardhat_setBalance", [clientAddress, "0x56BC75E2D63100000"]);
    await (await token.mint(clientAddress, 1_000n * TOKEN)).wait();

    deployment = {
      chainId: Number(chainId),
      token: d.addresses.token,
      registry: d.addresses.registry,
      consensus: d.addresses.consensus,
      deployBlock,
    };
    workDir = mkdtempSync(path.join(tmpdir(), "qcp-client-"));
    deploymentFile = path.join(workDir, "deployment.json");
    writeFileSync(deploymentFile, JSON.stringify(deployment));
    qcp = await connectQcp({
      rpcUrl: node.url,
      deployment: deploymentFile,
      account: clientKey,
      pollingIntervalMs: 100,
    });
  });

  after(async function () {
    await closeConnection?.();
    node?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it("submitRequest_thenWaitForResult_returnsTheAggregatedOutcome_andReportsEveryPhase", async () => {
    const payload = readExample("fin-index-fund-hold").payload;
    const fee = parseEther("10");
    const submitted = await qcp.submitRequest(payload, { fee });
    expect(submitted.requestId).to.equal(1n);
    expect(submitted.approvalTransactionHash, "allowance was 0: approval first").to.match(/^0x/);
    expect(submitted.inline).to.equal(true);
    expect(submitted.committeeSize).to.equal(4);

    // On chain: the canonical bytes inline, their hash, the domain, the escrowed fee.
    const request = await qcp.getRequest(1n);
    expect(request).to.deep.include({
      outputHash: computeOutputHash(payload),
      domain: "finance",
      fee,
    });
    const [event] = await consensus.queryFilter(consensus.filters.RequestSubmitted(1n));
    expect(hexToString(event.args.payload as Hex)).to.equal(canonicalJson(payload));
    expect(await token.balanceOf(deployment.consensus)).to.equal(fee);

    // Drive the committee one phase at a time, each step only after the client has seen the phase.
    const seen: PhaseName[] = [];
    const waiters = new Map<PhaseName, () => void>();
    const seenPhase = (name: PhaseName) =>
      seen.includes(name) ? Promise.resolve() : new Promise<void>((r) => waiters.set(name, r));
    const result = qcp.waitForResult(1n, {
      timeoutMs: 120_000,
      onPhase: ({ phaseName }) => {
        seen.push(phaseName);
        waiters.get(phaseName)?.();
      },
    });
    const votes = [HONEST, HONEST, HONEST, SLIGHTLY_OFF];
    await seenPhase("Commit");
    await commitAll(1n, votes);
    await seenPhase("Reveal");
    await revealAll(1n, votes);
    await seenPhase("Finalizable");
    await finalize(1n);

    const final = await result;
    expect(seen).to.deep.equal(["Commit", "Reveal", "Finalizable", "Finalized"]);
    // Lower weighted median of equal weights: 8500 / 1200 / 9000; all within tolerance.
    expect(final).to.deep.include({
      requestId: 1n,
      finalized: true,
      outcomeName: "Accepted",
      quality: 8500,
      risk: 1200,
      domain: 9000,
      agreementBps: 10_000,
      participationBps: 10_000,
      contested: false,
    });
    expect(await qcp.getResult(1n)).to.deep.equal(final);
  });

  it("submitRequest_rejectsAPayloadOver24KiBWithoutUri_beforeSendingAnything", async () => {
    const count = await consensus.requestCount();
    const nonce = await rpc(node.url, "eth_getTransactionCount", [
      privateKeyToAddress(clientKey),
      "latest",
    ]);
    const large = payloadOfSize(MAX_INLINE_PAYLOAD_BYTES + 1);
    let caught: unknown;
    try {
      await qcp.submitRequest(large, { fee: parseEther("1") });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(PayloadTooLargeError);
    expect((caught as Error).message).to.equal(
      "the canonical payload is 24577 bytes, more than the 24576 bytes carried inline",
    );
    expect(await consensus.requestCount()).to.equal(count);
    expect(
      await rpc(node.url, "eth_getTransactionCount", [privateKeyToAddress(clientKey), "latest"]),
    ).to.equal(nonce);
  });

  it("submitRequest_sendsOnlyTheUri_forALargePayload_andTheRequestEndsNoQuorumWithoutVotes", async () => {
    const large = payloadOfSize(MAX_INLINE_PAYLOAD_BYTES + 1000);
    const submitted = await qcp.submitRequest(large, {
      fee: parseEther("1"),
      uri: "https://example.org/p.json",
    });
    expect(submitted).to.deep.include({
      requestId: 2n,
      inline: false,
      payloadBytes: MAX_INLINE_PAYLOAD_BYTES + 1000,
    });
    const [event] = await consensus.queryFilter(consensus.filters.RequestSubmitted(2n));
    expect(event.args.payload).to.equal("0x");
    expect(event.args.uri).to.equal("https://example.org/p.json");
    expect(event.args.outputHash).to.equal(computeOutputHash(large));

    // Still committing: a short wait times out naming the phase and the deadline.
    let caught: unknown;
    try {
      await qcp.waitForResult(2n, { timeoutMs: 300 });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(RequestTimeoutError);
    expect((caught as RequestTimeoutError).phase).to.equal(Phase.Commit);
    expect((caught as RequestTimeoutError).hints[0]).to.contain("0/4 committed");

    await advanceTime(node.url, 2 * WINDOW_S + 1);
    expect(await qcp.getPhase(2n)).to.equal(Phase.Finalizable);
    await finalize(2n);
    expect((await qcp.waitForResult(2n, { timeoutMs: 10_000 })).outcomeName).to.equal("NoQuorum");
  });

  it("readsOfAnUnknownRequest_failWithTheDecodedCustomError", async () => {
    for (const read of [() => qcp.getResult(99n), () => qcp.waitForResult(99n)]) {
      let caught: unknown;
      try {
        await read();
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(ContractRevertError);
      expect((caught as ContractRevertError).errorName).to.equal("ConsensusUnknownRequest");
      expect((caught as ContractRevertError).message).to.contain("request 99 does not exist");
    }
  });

  it("cli_requestSubmitWait_printsTheOutcome_whileValidatorsVote", async () => {
    const env = { QCP_PRIVATE_KEY: clientKey, QCP_RPC_URL: node.url };
    let committeeStarted = false;
    let driving: Promise<void> | undefined;
    // Validator 3 commits and never reveals: it is slashed and the three reveals still make quorum.
    const votes = [UNSAFE, UNSAFE, UNSAFE, UNSAFE];
    const drive = async () => {
      await commitAll(3n, votes);
      await revealAll(3n, [UNSAFE, UNSAFE, UNSAFE, undefined]);
      await advanceTime(node.url, 2 * WINDOW_S + 1);
      await finalize(3n);
    };
    const run = await runQcp(
      [
        "request",
        "submit",
        examplePath("fin-em-bond-never-lose"),
        "--wait",
        "--json",
        "--fee",
        "5",
        "--deployment",
        deploymentFile,
      ],
      env,
      (stderr) => {
        if (!committeeStarted && stderr.includes("phase: Commit")) {
          committeeStarted = true;
          driving = drive();
        }
      },
    );
    await driving;
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout + run.stderr).not.to.contain(clientKey.slice(2));
    const out = JSON.parse(run.stdout);
    expect(out.requestId).to.equal("3");
    expect(out.fee).to.equal((5n * TOKEN).toString());
    // Participation is by weight (stake x reputation at commit time), which request 1 made unequal.
    let revealedWeight = 0n;
    for (const v of validators.slice(0, 3))
      revealedWeight += (await consensus.getBallot(3n, v.address)).weight;
    const { committeeWeight } = await consensus.getRequest(3n);
    expect(out.result).to.deep.include({
      outcomeName: "Rejected",
      quality: 7800,
      risk: 8000,
      participationBps: Number((revealedWeight * 10_000n) / committeeWeight),
      contested: false,
    });
    expect(run.stderr).to.contain("phase: Finalized");
  });

  it("cli_requestStatus_showsPhaseRequestAndResult", async () => {
    const env = { QCP_RPC_URL: node.url, QCP_DEPLOYMENT: deploymentFile };
    const json = await runQcp(["request", "status", "1", "--json"], env);
    expect(json.code, json.stderr).to.equal(0);
    const out = JSON.parse(json.stdout);
    expect(out.phase).to.equal("Finalized");
    expect(out.request.domain).to.equal("finance");
    expect(out.result.outcomeName).to.equal("Accepted");

    const text = await runQcp(["request", "status", "3"], env);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.contain("request 3: phase Finalized");
    expect(text.stdout).to.contain("outcome: Rejected");
    expect(text.stdout).to.contain("4 committed, 3 revealed");

    const unknown = await runQcp(["request", "status", "42"], env);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.contain("request 42 does not exist on this deployment");
    expect(unknown.stderr).to.contain("hint:");
  });

  it("createClient_refusesADeploymentOfAnotherChainOrWithoutContracts", async () => {
    const attempt = async (patch: Partial<Deployment>) => {
      try {
        await connectQcp({ rpcUrl: node.url, deployment: { ...deployment, ...patch } });
      } catch (error) {
        return error as QcpError;
      }
      throw new Error("connected");
    };
    const wrongChain = await attempt({ chainId: 1 });
    expect(wrongChain.message).to.equal(
      `the node at ${node.url} serves chain ${chainId}, the deployment is on chain 1`,
    );
    const empty = await attempt({ consensus: "0x00000000000000000000000000000000000000c0" });
    expect(empty.message).to.equal(
      "no contract at the consensus address 0x00000000000000000000000000000000000000c0",
    );
    expect(empty.hints[0]).to.contain("deploy again");
  });

  it("cli_requestSubmit_withoutAKey_failsClearly", async () => {
    const run = await runQcp(
      ["request", "submit", examplePath("fin-index-fund-hold"), "--deployment", deploymentFile],
      { QCP_RPC_URL: node.url, QCP_PRIVATE_KEY: "" },
    );
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain("needs a key").and.contain("QCP_PRIVATE_KEY");
  });

  it("dryRun_sendsNothing_andSurfacesTheRevertTheSubmissionWouldHit", async () => {
    // Validator 3's non-reveal slash left it below minStake: it was removed, 3 remain of the 4 needed.
    const count = await consensus.requestCount();
    const env = {
      QCP_PRIVATE_KEY: clientKey,
      QCP_RPC_URL: node.url,
      QCP_DEPLOYMENT: deploymentFile,
    };
    const file = examplePath("fin-index-fund-hold");
    const before = await runQcp(["request", "submit", file, "--dry-run", "--fee", "1"], env);
    expect(before.code, before.stderr).to.equal(0);
    expect(before.stdout).to.contain("dry run: nothing sent");
    expect(before.stdout).to.contain("would approve 1 tokens for the consensus contract");

    const fee = parseEther("1");
    const approval = await qcp.walletClient!.writeContract({
      address: qcp.addresses.token,
      abi: erc20Abi,
      functionName: "approve",
      args: [qcp.addresses.consensus, fee],
    });
    await qcp.publicClient.waitForTransactionReceipt({ hash: approval });
    const payload = readExample("fin-index-fund-hold").payload;
    let caught: unknown;
    try {
      await simulateSubmitRequest(qcp, { payload, fee });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ContractRevertError);
    expect(caught).to.deep.include({ errorName: "ConsensusNotEnoughValidators", args: [3n, 4n] });
    expect((caught as Error).message).to.equal(
      "simulating submitRequest failed: only 3 validators are active; a request needs at least 4",
    );

    const after = await runQcp(["request", "submit", file, "--dry-run", "--fee", "1"], env);
    expect(after.code).to.equal(1);
    expect(after.stderr).to.contain("only 3 validators are active");
    expect(after.stderr).to.contain("hint: register more validators");

    // A fourth active validator again: the simulation now succeeds and predicts the id.
    await registerValidator();
    const plan = await simulateSubmitRequest(qcp, { payload, fee });
    expect(plan).to.deep.include({ needsApproval: false, requestId: count + 1n, allowance: fee });
    expect(plan.prepared.outputHash).to.equal(computeOutputHash(payload));
    expect(await consensus.requestCount()).to.equal(count);
  });

  it("cli_health_json_reportsLatencyRatesParticipationAndTheSlash", async () => {
    const run = await runQcp(["health", "--json", "--deployment", deploymentFile], {
      QCP_RPC_URL: node.url,
    });
    expect(run.code, run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout);
    expect(report.requests).to.deep.equal({
      submitted: 3,
      finalized: 3,
      inFlight: 0,
      overdue: 0,
      byOutcome: { Accepted: 1, Rejected: 1, NoQuorum: 1 },
    });
    expect(report.successRate).to.equal(2 / 3);
    expect(report.contestedRate).to.equal(0);
    expect(report.averageAgreementBps).to.equal(10_000);
    expect(report.latency.count).to.equal(3);
    expect(report.latency.p99S).to.be.at.least(report.latency.averageS);
    expect(report.latency.p99S).to.be.at.least(2 * WINDOW_S); // the NoQuorum request waited out both windows
    const byAddress = new Map(
      report.validators.map((v: { validator: string }) => [v.validator.toLowerCase(), v]),
    );
    // Committees of 3 finalized requests; request 2 had no votes; validator 3 did not reveal request 3.
    expect(byAddress.get(validators[0].address.toLowerCase())).to.deep.include({
      memberships: 3,
      commits: 2,
      reveals: 2,
      missedReveals: 0,
      slashes: 0,
    });
    expect(byAddress.get(validators[3].address.toLowerCase())).to.deep.include({
      memberships: 3,
      commits: 2,
      reveals: 1,
      missedReveals: 1,
      slashes: 1,
    });
    expect(report.slashes).to.have.length(1);
    expect(report.slashes[0].validator.toLowerCase()).to.equal(validators[3].address.toLowerCase());
    expect(BigInt(report.slashes[0].amount)).to.equal((MIN_STAKE * 100n) / 10_000n); // nonRevealSlashBps 100
    const codes = report.recommendations.map((r: { code: string }) => r.code);
    expect(codes).to.include.members(["LOW_PARTICIPATION", "LOW_SUCCESS_RATE", "SLASHES"]);
    expect(codes).not.to.include("HIGH_CONTESTED_RATE");

    const text = await runQcp(["health", "--deployment", deploymentFile, "--from-block", "0"], {
      QCP_RPC_URL: node.url,
    });
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.contain("success rate (quorum / finalized)  66.7 %");
    expect(text.stdout).to.contain("[warning] SLASHES");
  });

  it("finalizeRequest_refusesWhileVoting_andPassesTheCommitteeOnceTheActiveSetChanged", async () => {
    const payload = readExample("fin-index-fund-hold").payload;
    const { requestId } = await qcp.submitRequest(payload, { fee: parseEther("1") });
    let caught: unknown;
    try {
      await qcp.finalizeRequest(requestId);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ContractRevertError);
    expect(caught).to.deep.include({
      errorName: "ConsensusWrongPhase",
      args: [requestId, Phase.Commit],
    });
    expect((caught as ContractRevertError).message).to.equal(
      `finalizing request ${requestId} failed: request ${requestId} is in phase Commit`,
    );
    expect((caught as ContractRevertError).hints[0]).to.contain("still committing");

    const committee = (await registryActive()).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await registerValidator(); // the active set changes: plain finalize() would revert
    await advanceTime(node.url, 2 * WINDOW_S + 1);
    const run = await runQcp(["request", "finalize", `${requestId}`, "--json"], {
      QCP_PRIVATE_KEY: clientKey,
      QCP_RPC_URL: node.url,
      QCP_DEPLOYMENT: deploymentFile,
    });
    expect(run.code, run.stderr).to.equal(0);
    const out = JSON.parse(run.stdout);
    expect(out.committee).to.deep.equal(committee);
    expect(out.result.outcomeName).to.equal("NoQuorum");
    expect((await qcp.getResult(requestId)).outcomeName).to.equal("NoQuorum");
  });
});
