import { expect } from "chai";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  assessmentJson,
  assessPayload,
  defaultDevSetDir,
  loadExamples,
} from "../../offchain/checks/index.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPT = path.join(ROOT, "test/checks/fixtures/assess-all.ts");

function runInChild(dir: string, env: Record<string, string>): string {
  return execFileSync(process.execPath, ["--import", "tsx", SCRIPT, dir], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe("determinism", function () {
  this.timeout(180_000);
  const dir = defaultDevSetDir();

  it("two separate processes (different locale and time zone) print byte-identical assessments for every dev-set example", function () {
    const a = runInChild(dir, { LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8", TZ: "UTC" });
    const b = runInChild(dir, {
      LANG: "tr_TR.UTF-8",
      LC_ALL: "tr_TR.UTF-8",
      TZ: "Pacific/Chatham",
    });
    const examples = loadExamples(dir);
    expect(a.trim().split("\n")).to.have.length(examples.length);
    expect(b).to.equal(a);
    // ...and the same as this process.
    const here = examples
      .map((e) => `${e.id}\t${assessmentJson(assessPayload(e.payload))}\n`)
      .join("");
    expect(a).to.equal(here);
  });
});
