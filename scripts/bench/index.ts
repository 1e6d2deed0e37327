/**
 * `npm run bench [-- --json] [--quick]`: gas, end-to-end throughput/latency and checks throughput.
 * Progress goes to stderr, so `--json` leaves exactly one JSON object on stdout.
 */
import { formatBench, runBench } from "./run.js";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write(
    "usage: npm run bench [-- --json] [--quick]\n" +
      "  --json   print one JSON object {machine, gas, e2e, checks} on stdout\n" +
      "  --quick  smoke run: 20 end-to-end requests instead of 200, short checks loop\n",
  );
  process.exit(0);
}
const unknown = args.filter((a) => a !== "--json" && a !== "--quick");
if (unknown.length > 0) {
  process.stderr.write(`unknown argument(s): ${unknown.join(" ")} (see --help)\n`);
  process.exit(2);
}
const { result, gasTable } = await runBench({
  quick: args.includes("--quick"),
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(
  args.includes("--json")
    ? `${JSON.stringify(result, null, 2)}\n`
    : `${formatBench(result, gasTable)}\n`,
);
