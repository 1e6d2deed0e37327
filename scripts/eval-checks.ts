// npm run eval:checks [dir] [--prefix <p>] [--json] [--throughput]: scores offchain/checks on labelled examples.
import {
  evaluateDir,
  formatReport,
  measureChecksThroughput,
  targetFailures,
} from "../offchain/checks/index.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const throughput = args.includes("--throughput");
const prefixAt = args.indexOf("--prefix");
const prefix = prefixAt >= 0 ? (args[prefixAt + 1] ?? "") : "";
const dir = args.find((a, i) => !a.startsWith("--") && (prefixAt < 0 || i !== prefixAt + 1));

const report = evaluateDir(dir, prefix);
const speed = throughput ? measureChecksThroughput({ dir: report.dir }) : undefined;
if (json) {
  process.stdout.write(
    `${JSON.stringify({ ...report, targetFailures: targetFailures(report), throughput: speed }, null, 2)}\n`,
  );
} else {
  process.stdout.write(`${formatReport(report)}\n`);
  if (speed !== undefined) {
    process.stdout.write(
      `throughput: ${speed.perSecondPerCore.toFixed(0)} assessments per CPU-second on one core (${speed.assessments} in ${speed.cpuSeconds.toFixed(2)} CPU-s; ${speed.perSecondWall.toFixed(0)}/s wall clock)\n`,
    );
  }
}
if (targetFailures(report).length > 0) process.exitCode = 1;
