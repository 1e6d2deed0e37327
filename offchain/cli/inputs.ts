import { readFileSync } from "node:fs";
import { QcpError } from "./errors.js";

/** Reads a JSON file with errors that name it. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new QcpError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new QcpError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** A non-negative integer argument (request id, block number). */
export function parseInteger(value: string, name: string): bigint {
  if (!/^\d+$/.test(value.trim())) {
    throw new QcpError(`${name} must be a non-negative integer, got "${value}"`);
  }
  return BigInt(value.trim());
}

/** A comma-separated option (e.g. `--metrics url1,url2`) as its trimmed, non-empty items. */
export function parseList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}
