import { Command } from "commander";
import { BEHAVIOURS, type Behaviour } from "../../config/schema.js";
import { QcpError } from "../errors.js";

interface DemoCliOptions {
  validators?: string;
  requests?: string;
  byzantine?: string;
  powBits?: string;
  commitWindow?: string;
  revealWindow?: string;
  maxInFlight?: string;
  timeout?: string;
  short?: boolean;
  json?: string;
  keep?: boolean;
}

const BYZANTINE = BEHAVIOURS.filter((b) => b !== "honest");

function integer(
  text: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text.trim()) || value < min || value > max) {
    throw new QcpError(`${flag} must be an integer in [${min}, ${max}], got "${text}"`);
  }
  return value;
}

/** Parses `liar,equivocator` (or `none`); each name must be a simulation behaviour. */
export function parseByzantine(text: string): Behaviour[] {
  if (text.trim() === "" || text.trim() === "none") return [];
  return text.split(",").map((raw) => {
    const name = raw.trim();
    if (!(BYZANTINE as readonly string[]).includes(name)) {
      throw new QcpError(`unknown Byzantine behaviour "${name}"`, {
        hints: [`use a comma-separated list of: ${BYZANTINE.join(", ")} (or "none")`],
      });
    }
    return name as Behaviour;
  });
}

/** `qcp demo` (also `npm run demo`): the whole system on a local chain, with a final report. */
export function demoCommand(): Command {
  return new Command("demo")
    .description(
      "run the whole system locally: chain, deployment, validators (some Byzantine) as daemon processes, " +
        "dev-set requests, live progress, equivocation slashing and a final report",
    )
    .option("--validators <n>", "validators to register (default 7)")
    .option(
      "--requests <n>",
      "requests drawn from the dev set across all four domains (default 20)",
    )
    .option(
      "--byzantine <list>",
      `behaviours of the Byzantine validators, comma-separated: ${BYZANTINE.join(", ")}, or none (default liar,equivocator)`,
    )
    .option("--pow-bits <n>", "registration proof-of-work difficulty in bits (default 16)")
    .option("--commit-window <s>", "commit window in seconds (default 30)")
    .option("--reveal-window <s>", "reveal window in seconds (default 30)")
    .option("--max-in-flight <n>", "requests in flight at once (default 6)")
    .option(
      "--timeout <s>",
      "fail when the requests are not all finalized after this (default 600)",
    )
    .option("--short", "CI mode: 6 requests and 12-bit proof of work (flags still override)")
    .option("--json <file>", "also write the final report as JSON")
    .option("--keep", "keep the working directory (validator configs, logs, databases)")
    .action(async (o: DemoCliOptions) => {
      const { DEFAULT_DEMO_OPTIONS, runDemo } = await import("../../demo/run.js");
      const base = o.short
        ? { ...DEFAULT_DEMO_OPTIONS, requests: 6, powDifficultyBits: 12 }
        : DEFAULT_DEMO_OPTIONS;
      const byzantine = o.byzantine === undefined ? base.byzantine : parseByzantine(o.byzantine);
      const validators = integer(o.validators, "--validators", 4, 30) ?? base.validators;
      if (validators - byzantine.length < 1) {
        throw new QcpError(
          `${byzantine.length} Byzantine validators need more than --validators ${validators}`,
        );
      }
      const report = await runDemo({
        ...base,
        validators,
        byzantine,
        requests: integer(o.requests, "--requests", 1, 80) ?? base.requests,
        powDifficultyBits: integer(o.powBits, "--pow-bits", 0, 24) ?? base.powDifficultyBits,
        commitWindowSeconds:
          integer(o.commitWindow, "--commit-window", 10, 3_600) ?? base.commitWindowSeconds,
        revealWindowSeconds:
          integer(o.revealWindow, "--reveal-window", 10, 3_600) ?? base.revealWindowSeconds,
        maxInFlight: integer(o.maxInFlight, "--max-in-flight", 1, 100) ?? base.maxInFlight,
        timeoutSeconds: integer(o.timeout, "--timeout", 10, 86_400) ?? base.timeoutSeconds,
        json: o.json,
        keep: o.keep,
      });
      if (!report.ok) process.exitCode = 1;
    });
}
