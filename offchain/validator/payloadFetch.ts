import { open } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { hexToBytes, type Hex } from "viem";

export interface FetchOptions {
  allowedSchemes: readonly string[];
  maxBytes: number;
  timeoutMs: number;
}

export type FetchResult =
  | { ok: true; text: string; source: "inline" | "uri" }
  /** `transient`: worth retrying (network); otherwise the payload will never be available. */
  | { ok: false; reason: string; transient: boolean };

const decoder = new TextDecoder("utf-8", { fatal: false });

async function readFileBounded(path: string, maxBytes: number): Promise<FetchResult> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    if (size > maxBytes)
      return { ok: false, reason: `payload larger than ${maxBytes} bytes`, transient: false };
    const buffer = Buffer.alloc(size);
    await handle.read(buffer, 0, size, 0);
    return { ok: true, text: decoder.decode(buffer), source: "uri" };
  } finally {
    await handle.close();
  }
}

async function fetchHttpBounded(url: string, options: FetchOptions): Promise<FetchResult> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(options.timeoutMs),
    redirect: "error",
  });
  if (!response.ok) {
    // 4xx will not fix itself except 408/429; 5xx might.
    const transient = response.status >= 500 || response.status === 408 || response.status === 429;
    return { ok: false, reason: `HTTP ${response.status}`, transient };
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > options.maxBytes) {
    return { ok: false, reason: `payload larger than ${options.maxBytes} bytes`, transient: false };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (reader === undefined) return { ok: true, text: "", source: "uri" };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > options.maxBytes) {
      await reader.cancel();
      return {
        ok: false,
        reason: `payload larger than ${options.maxBytes} bytes`,
        transient: false,
      };
    }
    chunks.push(value);
  }
  return { ok: true, text: decoder.decode(Buffer.concat(chunks)), source: "uri" };
}

/**
 * The payload of a request as text: inline bytes from the event, or the body at `uri`
 * (file:// and http(s)://, size-bounded, only schemes the operator allowed). The hash is checked
 * by the assessment, where a mismatch is a finding.
 */
export async function fetchPayload(
  inline: Hex,
  uri: string,
  options: FetchOptions,
): Promise<FetchResult> {
  if (inline !== "0x" && inline.length > 2) {
    const bytes = hexToBytes(inline);
    if (bytes.length > options.maxBytes) {
      return {
        ok: false,
        reason: `payload larger than ${options.maxBytes} bytes`,
        transient: false,
      };
    }
    return { ok: true, text: decoder.decode(bytes), source: "inline" };
  }
  if (uri === "")
    return { ok: false, reason: "request has neither payload nor uri", transient: false };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { ok: false, reason: "uri is not a URL", transient: false };
  }
  const scheme = url.protocol.replace(/:$/, "");
  if (!options.allowedSchemes.includes(scheme)) {
    return { ok: false, reason: `uri scheme ${scheme} not allowed`, transient: false };
  }
  try {
    if (scheme === "file") return await readFileBounded(fileURLToPath(url), options.maxBytes);
    return await fetchHttpBounded(url.href, options);
  } catch (error) {
    // A missing file or a dead server may come back before the commit deadline: retry.
    return {
      ok: false,
      reason: `fetch failed: ${String((error as Error).message ?? error)}`,
      transient: true,
    };
  }
}
