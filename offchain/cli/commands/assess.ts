import { readFileSync, readSync } from "node:fs";
import { Command } from "commander";
import type { Hex } from "viem";
import { AssessInputError, assessmentJson, assessRaw } from "../../checks/index.js";
import { THRESHOLDS } from "../../checks/thresholds.js";
import { QcpError } from "../errors.js";

/** Reads all of stdin as bytes, refusing more than the size limit (plus one byte to detect it). */
function readStdin(): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EAGAIN") continue;
      if ((error as NodeJS.ErrnoException).code === "EOF") break;
      throw error;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
    total += n;
    if (total > THRESHOLDS.maxInputBytes) break;
  }
  return Buffer.concat(chunks);
}

function readInput(source: string): Uint8Array {
  if (source === "-") return readStdin();
  try {
    return readFileSync(source);
  } catch (error) {
    throw new QcpError(`cannot read ${source}: ${(error as Error).message}`, {
      hints: ["pass a payload JSON file, a labelled example file, or - to read standard input"],
      cause: error,
    });
  }
}

/**
 * `qcp assess <file|->`: prints `{quality, risk, domain, findings, findingsHash, checkerVersion,
 * outputHash}` for a request payload or a labelled example (its `payload`).
 */
export function assessCommand(): Command {
  return new Command("assess")
    .description(
      "assess a request payload (or a labelled example file) and print the vote's scores and findings as JSON",
    )
    .argument("<file>", "payload JSON file, labelled example file, or - for standard input")
    .option(
      "--expected-output-hash <hash>",
      "outputHash the on-chain request committed to; a mismatch is a finding",
    )
    .action((file: string, options: { expectedOutputHash?: string }) => {
      const expected = options.expectedOutputHash;
      if (expected !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(expected)) {
        throw new QcpError(`--expected-output-hash must be 32 bytes of hex, got ${expected}`);
      }
      const bytes = readInput(file);
      try {
        const assessment = assessRaw(bytes, { expectedOutputHash: expected as Hex | undefined });
        process.stdout.write(`${assessmentJson(assessment)}\n`);
      } catch (error) {
        if (error instanceof AssessInputError) {
          throw new QcpError(`${file === "-" ? "stdin" : file}: ${error.message}`, {
            hints: [
              `qcp assess accepts one UTF-8 JSON document of at most ${THRESHOLDS.maxInputBytes} bytes, nested at most ${THRESHOLDS.maxJsonDepth} deep`,
            ],
            cause: error,
          });
        }
        throw error;
      }
    });
}
