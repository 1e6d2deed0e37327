import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { Wallet } from "ethers";
import { parseConfig } from "../../offchain/config/load.js";
import { ValidatorDaemon } from "../../offchain/validator/daemon.js";
import { createLogger } from "../../offchain/validator/logger.js";
import { freePort } from "../e2e/harness.js";

describe("ValidatorDaemon with every RPC endpoint down", function () {
  this.timeout(30_000);
  const dir = mkdtempSync(join(tmpdir(), "qcp-daemon-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps retrying with backoff, reports 503 on /healthz, and still stops cleanly", async function () {
    const deadPort = await freePort();
    const config = parseConfig(
      [
        "network:",
        "  chain_id: 31337",
        `  rpc_urls: ["http://127.0.0.1:${deadPort}"]`,
        "  poll_interval_ms: 200",
        "  addresses:",
        '    consensus: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0"',
        '    registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"',
        "validator:",
        `  database: ${join(dir, "v.sqlite")}`,
        "  metrics_port: 0",
        "timeouts:",
        "  rpc_timeout_ms: 500",
      ].join("\n"),
    );
    const daemon = new ValidatorDaemon({
      loaded: {
        source: "test",
        config,
        deployment: {
          chainId: 31337,
          token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
          consensus: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
          deployBlock: 0,
        },
      },
      wallet: new Wallet(Wallet.createRandom().privateKey),
      logger: createLogger("silent"),
    });
    await daemon.start();
    try {
      await new Promise((r) => setTimeout(r, 1_500));
      const base = `http://127.0.0.1:${daemon.port}`;
      const health = await fetch(`${base}/healthz`);
      expect(health.status).to.equal(503);
      expect(await health.json()).to.include({
        ok: false,
        reason: "no successful chain read recently",
      });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const errors = Number(/qcp_tick_errors_total\{kind="transient"\} (\d+)/.exec(metrics)?.[1]);
      expect(errors).to.be.at.least(1);
      // Backoff: far fewer attempts than one per poll interval.
      expect(errors).to.be.below(1_500 / 200);
    } finally {
      await daemon.stop();
    }
  });
});
