/**
 * `npm run bench`: gas per operation (scripts/bench/gas.ts, the consensus benchmark, plus
 * reportEquivocation), end-to-end throughput and latency with validator processes on a local node
 * (scripts/bench/e2e.ts), and checks throughput (offchain/checks/throughput.ts), with the machine
 * they were measured on. Nothing here asserts a figure.
 */
import { availableParallelism, cpus, platform, totalmem } from "node:os";
import { network } from "hardhat";
import { measureChecksThroughput } from "../../offchain/checks/throughput.js";
import { table } from "../../offchain/health/format.js";
import {
  formatTable as formatGasTable,
  measureGas,
  toJson as gasToJson,
  type GasJson,
} from "./gas.js";
import { DEFAULT_E2E, measureEndToEnd, type E2eResult } from "./e2e.js";
import { measureEquivocationGas } from "./slashingGas.js";

export interface BenchOptions {
  /** Smoke mode: 20 requests end to end instead of 200, a shorter checks loop. */
  quick: boolean;
  log: (line: string) => void;
}

/** The `--json` object; runs can be compared over time. */
export interface BenchResult {
  machine: {
    cores: number;
    node: string;
    cpu: string;
    platform: string;
    memoryGiB: number;
  };
  quick: boolean;
  startedAt: string;
  gas: GasJson["gas"] & {
    /** finalize of the first request per committee size, where every reward slot is new. */
    finalizeFirst: Record<string, number>;
    reportEquivocation: number;
  };
  e2e: E2eResult;
  checks: {
    assessmentsPerSecondPerCore: number;
    assessmentsPerSecondWall: number;
    assessments: number;
    payloads: number;
  };
  durationS: number;
}

const round = (x: number | null, digits = 1) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

export async function runBench(
  options: BenchOptions,
): Promise<{ result: BenchResult; gasTable: string }> {
  const started = Date.now();
  const cpuList = cpus();
  const machine = {
    cores: availableParallelism(),
    node: process.version,
    cpu: cpuList[0]?.model.trim() ?? "unknown",
    platform: `${platform()} ${process.arch}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };

  // Checks first, while nothing else of ours runs.
  options.log("checks: assessing the dev set in a loop (one thread)");
  const t = measureChecksThroughput({ minMillis: options.quick ? 1_000 : 5_000 });

  options.log("gas: committees of 4, 16, 64 and 100 on an in-process chain");
  const connection = await network.create();
  let gasJson;
  let gasTable: string;
  let reportEquivocation: bigint;
  try {
    const report = await measureGas(connection.ethers, connection.networkHelpers);
    gasJson = gasToJson(report).gas;
    gasTable = formatGasTable(report);
    gasJson = {
      ...gasJson,
      finalizeFirst: Object.fromEntries(
        report.committees.map((c) => [String(c.committee), Number(c.finalizeFirst)]),
      ),
    };
    options.log("gas: reportEquivocation");
    ({ reportEquivocation } = await measureEquivocationGas(connection.ethers));
  } finally {
    await connection.close();
  }

  const e2eOptions = options.quick ? { ...DEFAULT_E2E, requests: 20 } : DEFAULT_E2E;
  options.log(
    `e2e: ${e2eOptions.validators} validator processes, ${e2eOptions.requests} requests (at most ${e2eOptions.maxInFlight} in flight)`,
  );
  const e2e = await measureEndToEnd({ ...e2eOptions, log: (l) => options.log(`  ${l}`) });

  return {
    result: {
      machine,
      quick: options.quick,
      startedAt: new Date(started).toISOString(),
      gas: { ...gasJson, reportEquivocation: Number(reportEquivocation) },
      e2e: {
        ...e2e,
        finalizedPerMinute: round(e2e.finalizedPerMinute)!,
        latencyAvgS: round(e2e.latencyAvgS),
        latencyP50S: round(e2e.latencyP50S),
        latencyP99S: round(e2e.latencyP99S),
      },
      checks: {
        assessmentsPerSecondPerCore: round(t.perSecondPerCore)!,
        assessmentsPerSecondWall: round(t.perSecondWall)!,
        assessments: t.assessments,
        payloads: t.payloads,
      },
      durationS: Math.round((Date.now() - started) / 1000),
    },
    gasTable,
  };
}

/** The human-readable result. Pure. */
export function formatBench(result: BenchResult, gasTable: string): string {
  const m = result.machine;
  const e = result.e2e;
  const g = result.gas;
  const s = (x: number | null) => (x === null ? "-" : `${x} s`);
  return [
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}${result.quick ? "  [--quick]" : ""}`,
    "",
    "Gas per operation",
    table(
      ["operation", "gas"],
      [
        ["register", String(g.register)],
        ["commitVote", String(g.commit)],
        ["revealVote", String(g.reveal)],
        ["EVM floor per vote (commit + reveal)", String(g.floorPerVote)],
        ...Object.entries(g.finalize).map(([n, gas]) => [`finalize, ${n} revealers`, String(gas)]),
        ["reportEquivocation (slash + reward + removal)", String(g.reportEquivocation)],
      ],
    ),
    "",
    gasTable,
    "",
    "End to end (local hardhat node, 1 block/s; validators as separate processes)",
    table(
      ["metric", "value"],
      [
        ["validators", String(e.validators)],
        [
          "requests / finalized",
          `${e.requests} / ${e.finalized} (${e.accepted} accepted, ${e.rejected} rejected, ${e.noQuorum} no quorum)`,
        ],
        ["finalized per minute", String(e.finalizedPerMinute)],
        [
          "latency submit → final avg / p50 / p99",
          `${s(e.latencyAvgS)} / ${s(e.latencyP50S)} / ${s(e.latencyP99S)}`,
        ],
        ["chain time first submit → last final", `${e.durationS} s`],
        [
          "in flight at most; windows commit / reveal",
          `${e.maxInFlight}; ${e.commitWindowSeconds} s / ${e.revealWindowSeconds} s`,
        ],
      ],
    ),
    "",
    "Checks",
    table(
      ["metric", "value"],
      [
        ["assessments per second per core", String(result.checks.assessmentsPerSecondPerCore)],
        ["assessments per second (wall clock)", String(result.checks.assessmentsPerSecondWall)],
        [
          "assessments measured / distinct payloads",
          `${result.checks.assessments} / ${result.checks.payloads}`,
        ],
      ],
    ),
    "",
    `bench took ${result.durationS} s`,
  ].join("\n");
}
