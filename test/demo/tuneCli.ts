import { expect } from "chai";
import { runQcp } from "../../offchain/devnet/cli.js";
import { deploySystem, HardhatNode, type System } from "../e2e/harness.js";

/** The CLI without a key from the parent's environment unless a test passes one. */
const qcp = (args: string[], env: Record<string, string> = {}) =>
  runQcp(args, { QCP_PRIVATE_KEY: "", ...env });

describe("qcp governance tune (CLI against a hardhat node)", function () {
  this.timeout(120_000);
  let node: HardhatNode;
  let sys: System;

  before(async function () {
    node = await HardhatNode.start();
    sys = await deploySystem(node, { commitWindow: 30n, revealWindow: 30n });
  });

  after(async function () {
    await sys?.close();
    node?.stop();
  });

  it("is listed under qcp governance with its options", async function () {
    const help = await qcp(["governance", "tune", "--help"]);
    expect(help.code).to.equal(0);
    expect(help.stdout)
      .to.match(/--from-block <n>/)
      .and.to.match(/--dry-run/)
      .and.to.match(/--json/);
  });

  it("dry run without a key reads the figures and proposes nothing without enough finalized requests", async function () {
    const run = await qcp([
      "governance",
      "tune",
      "--dry-run",
      "--json",
      "--rpc",
      node.url,
      "--deployment",
      sys.deploymentFile,
    ]);
    expect(run.code, run.stderr).to.equal(0);
    const out = JSON.parse(run.stdout) as {
      dryRun: boolean;
      proposals: unknown[];
      notes: string[];
      simulated: boolean;
    };
    expect(out.dryRun).to.equal(true);
    expect(out.simulated).to.equal(false);
    expect(out.proposals).to.deep.equal([]);
    expect(out.notes).to.deep.equal([
      "only 0 finalized request(s) in range; tune needs at least 10",
    ]);
  });

  it("refuses to schedule without a key", async function () {
    const run = await qcp([
      "governance",
      "tune",
      "--rpc",
      node.url,
      "--deployment",
      sys.deploymentFile,
    ]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/needs a key/);
  });
});
