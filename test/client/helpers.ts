import { readFileSync } from "node:fs";
import path from "node:path";
import { devSetDir } from "../../offchain/devnet/paths.js";
import { canonicalJson } from "../../offchain/protocol/payload.js";

export const examplePath = (id: string) => path.join(devSetDir(), `${id}.json`);

export const readExample = (id: string) =>
  JSON.parse(readFileSync(examplePath(id), "utf8")) as { id: string; payload: unknown };

/** A schema-valid payload whose canonical JSON is exactly `bytes` long (for bytes above ~70). */
export function payloadOfSize(bytes: number) {
  const base = { schema: "qcp/request@1", domain: "general", output: { text: "" } };
  const overhead = canonicalJson(base).length;
  return { ...base, output: { text: "x".repeat(Math.max(0, bytes - overhead)) } };
}
