import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { QCP_ENTRY, REPO_ROOT } from "../../offchain/devnet/paths.js";

interface DemoJson {
  ok: boolean;
  requests: { outcome: string; expected: string; domain: string }[];
  validators: {
    address: string;
    role: string;
    byzantine: boolean;
    slashCount: number;
    after: { active: boolean };
  }[];
  slashes: { role: string; reason: string }[];
  summary: {
    accepted: number;
    rejected: number;
    pending: number;
    mismatches: string[];
    slashedByzantine: string[];
    slashedHonest: string[];
  };
  health: { requests: { finalized: number }; daemons: { url: string }[] };
  deployment: { rpcUrl: string };
}

/** Runs `qcp demo` as a user would, as a child process; resolves with its exit code and output. */
function runDemo(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [QCP_ENTRY, "demo", ...args], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGINT");
      reject(new Error(`demo did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("npm run demo (short mode, child process)", function () {
  this.timeout(240_000);
  let dir: string;
  let code: number | null;
  let output: string;
  let report: DemoJson;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "qcp-demo-test-"));
    const file = join(dir, "report.json");
    ({ code, output } = await runDemo(["--short", "--json", file], 230_000));
    report = JSON.parse(readFileSync(file, "utf8")) as DemoJson;
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 with every request finalized", function () {
    expect(code, output).to.equal(0);
    expect(report.ok).to.equal(true);
    expect(report.summary.pending).to.equal(0);
    expect(report.health.requests.finalized).to.equal(6);
    expect(output).to.include("demo OK");
  });

  it("covers all four domains and reaches both outcomes, each as the dev set labels it", function () {
    expect(new Set(report.requests.map((r) => r.domain))).to.deep.equal(
      new Set(["healthcare", "finance", "legal", "general"]),
    );
    expect(report.summary.accepted).to.be.greaterThan(0);
    expect(report.summary.rejected).to.be.greaterThan(0);
    expect(report.summary.mismatches).to.deep.equal([]);
    expect(output)
      .to.match(/Accepted/)
      .and.to.match(/Rejected/);
  });

  it("slashes the equivocator on evidence from its own attestations, and no honest validator", function () {
    const equivocator = report.validators.find((v) => v.role === "equivocator")!;
    expect(report.summary.slashedByzantine).to.include(equivocator.address);
    expect(report.summary.slashedHonest).to.deep.equal([]);
    expect(equivocator.slashCount).to.be.greaterThan(0);
    expect(equivocator.after.active).to.equal(false);
    expect(
      report.slashes.every((s) => s.role === "equivocator" && s.reason === "equivocation"),
    ).to.equal(true);
    expect(output).to.match(/Byzantine \(equivocator\)/);
  });

  it("stops its chain and every validator daemon before exiting", async function () {
    expect(output).to.include("stopping the validator daemons and the chain");
    const endpoints = [report.deployment.rpcUrl, ...report.health.daemons.map((d) => d.url)];
    expect(endpoints.length).to.equal(8);
    for (const url of endpoints) {
      const reached = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
        () => true,
        () => false,
      );
      expect(reached, url).to.equal(false);
    }
  });
});
