import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import { network } from "hardhat";
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { JsonRpcServer } from "hardhat/types/network";
import { deployProtocol } from "../../scripts/deployGovernance.js";
import { registerValidators, submitSampleRequest } from "../../scripts/setupProtocol.js";
import { parseConfig, type LoadedConfig } from "../../offchain/config/load.js";
import { consensusInterface, viewAt } from "../../offchain/validator/context.js";
import { watch } from "../../offchain/validator/duties/watch.js";
import { RevertError } from "../../offchain/validator/errors.js";
import { ValidatorDaemon } from "../../offchain/validator/daemon.js";
import { createLogger } from "../../offchain/validator/logger.js";

/**
 * The daemon's chain-facing parts against an in-process Hardhat JSON-RPC server: custom errors
 * decoded by name before sending, fee bumping of a stuck transaction, and reorg handling at the
 * block cursor (simulated with evm_snapshot / evm_revert).
 */
describe("validator against a JSON-RPC node", function () {
  this.timeout(60_000);
  let server: JsonRpcServer;
  let url: string;
  let ethers: HardhatEthers;
  let close: () => Promise<void>;
  let daemon: ValidatorDaemon;
  let d: Awaited<ReturnType<typeof deployProtocol>>;
  const dir = mkdtempSync(join(tmpdir(), "qcp-chain-"));

  before(async function () {
    server = await network.createServer("default", "127.0.0.1", 0);
    const { port } = await server.listen();
    url = `http://127.0.0.1:${port}`;
    const connection = await network.create({ network: "localhost", override: { url } });
    ethers = connection.ethers;
    close = () => connection.close();
    d = await deployProtocol(ethers, { powDifficultyBits: 0 });
    const signers = await ethers.getSigners();
    const stake = 2000n * 10n ** 18n;
    await registerValidators(d, signers.slice(1, 5), { mint: stake, stake });
    const wallet = Wallet.createRandom();
    await (await signers[0].sendTransaction({ to: wallet.address, value: 10n ** 19n })).wait();
    const config = parseConfig(
      [
        "network:",
        "  chain_id: 31337",
        `  rpc_urls: [${url}]`,
        "  confirmations: 1",
        "  deployment_file: unused.json",
        "validator:",
        `  database: ${join(dir, "v.sqlite")}`,
        "  metrics_port: 0",
        "timeouts:",
        "  tx_stuck_seconds: 1",
        "security:",
        "  fee_bump_percent: 20",
      ].join("\n"),
    );
    const loaded: LoadedConfig = { source: "test", config, deployment: d.deployment };
    daemon = new ValidatorDaemon({
      loaded,
      wallet: new Wallet(wallet.privateKey),
      logger: createLogger("silent"),
    });
    await daemon.init();
  });

  after(async function () {
    await daemon?.stop();
    await close?.();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function submit(text: string): Promise<void> {
    const [, , , , , , client] = await ethers.getSigners();
    await submitSampleRequest(d, client, { fee: 10n ** 18n, text });
  }

  it("simulates before sending and names the custom error, sending nothing", async function () {
    const nonce = await ethers.provider.getTransactionCount(daemon.ctx.address);
    const data = consensusInterface.encodeFunctionData("commitVote", [99n, `0x${"11".repeat(32)}`]);
    try {
      await daemon.ctx.tx.send({ label: "commit", to: d.deployment.consensus, data });
      expect.fail("expected a revert");
    } catch (error) {
      expect(error).to.be.instanceOf(RevertError);
      expect((error as RevertError).errorName).to.equal("ConsensusUnknownRequest");
      expect((error as RevertError).errorArgs).to.deep.equal([99n]);
    }
    expect(await ethers.provider.getTransactionCount(daemon.ctx.address)).to.equal(nonce);
  });

  it("re-sends a stuck transaction with higher fees, same nonce, and returns once one is mined", async function () {
    await ethers.provider.send("evm_setAutomine", [false]);
    try {
      const data = d.token.interface.encodeFunctionData("mint", [daemon.ctx.address, 1n]);
      const sending = daemon.ctx.tx.send({ label: "mint", to: d.deployment.token, data });
      await new Promise((r) => setTimeout(r, 2_600));
      await ethers.provider.send("evm_mine", []);
      const result = await sending;
      expect(result.blockNumber).to.be.greaterThan(0);
      const metrics =
        await daemon.ctx.metrics.registry.getSingleMetricAsString("qcp_tx_fee_bumps_total");
      expect(Number(/qcp_tx_fee_bumps_total (\d+)/.exec(metrics)?.[1])).to.be.at.least(1);
      expect(await d.token.balanceOf(daemon.ctx.address)).to.equal(1n);
    } finally {
      await ethers.provider.send("evm_setAutomine", [true]);
    }
  });

  it("re-reads a request whose block was reorged away", async function () {
    const { ctx } = daemon;
    const snapshot = await ethers.provider.send("evm_snapshot", []);
    await submit("first version");
    for (let i = 0; i < 3; i++) await ethers.provider.send("evm_mine", []);
    const head = await ctx.rpc.refreshHead();
    await watch(ctx, viewAt(ctx, await ctx.rpc.getBlock(head)));
    const id = await d.consensus.requestCount();
    const before = ctx.store.getRequest(id)!;
    expect(before).to.not.equal(undefined);

    await ethers.provider.send("evm_revert", [snapshot]);
    await submit("second version");
    for (let i = 0; i < 4; i++) await ethers.provider.send("evm_mine", []);
    const head2 = await ctx.rpc.refreshHead();
    await watch(ctx, viewAt(ctx, await ctx.rpc.getBlock(head2)));
    const after = ctx.store.getRequest(id)!;
    expect(after.outputHash).to.not.equal(before.outputHash);
    expect(after.blockHash).to.not.equal(before.blockHash);
    const reorgs = await ctx.metrics.registry.getSingleMetricAsString("qcp_reorgs_total");
    expect(reorgs).to.match(/qcp_reorgs_total 1/);
  });
});
