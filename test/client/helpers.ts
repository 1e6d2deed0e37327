import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { canonicalJson } from "../../offchain/protocol/payload.js";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The labelled dev set: `$QCP_DEV_SET`, else `../shared/dev-set/examples` beside the repo root,
 * else the first `shared/dev-set/examples` walking up (git worktrees live deeper).
 */
export function devSetDir(): string {
  if (process.env.QCP_DEV_SET) return process.env.QCP_DEV_SET;
  const primary = path.resolve(REPO_ROOT, "../shared/dev-set/examples");
  if (existsSync(primary)) return primary;
  for (let dir = REPO_ROOT; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, "shared/dev-set/examples");
    if (existsSync(candidate)) return candidate;
  }
  throw new Error("dev set not found: set QCP_DEV_SET to its examples directory");
}

export const examplePath = (id: string) => path.join(devSetDir(), `${id}.json`);

export const readExample = (id: string) =>
  JSON.parse(readFileSync(examplePath(id), "utf8")) as { id: string; payload: unknown };

/** A schema-valid payload whose canonical JSON is exactly `bytes` long (for bytes above ~70). */
export function payloadOfSize(bytes: number) {
  const base = { schema: "qcp/request@1", domain: "general", output: { text: "" } };
  const overhead = canonicalJson(base).length;
  return { ...base, output: { text: "x".repeat(Math.max(0, bytes - overhead)) } };
}
