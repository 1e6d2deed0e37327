import { THRESHOLDS } from "./thresholds.js";

/** Input that cannot be assessed at all (too big, not UTF-8, not JSON, too deeply nested). */
export class AssessInputError extends Error {
  readonly code: "too-large" | "invalid-utf8" | "invalid-json" | "too-deep";

  constructor(code: AssessInputError["code"], message: string) {
    super(message);
    this.name = "AssessInputError";
    this.code = code;
  }
}

const DECODER = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Decodes raw bytes as strict UTF-8 within the size limit. */
export function decodeInput(bytes: Uint8Array): string {
  if (bytes.byteLength > THRESHOLDS.maxInputBytes) {
    throw new AssessInputError("too-large", `input is ${bytes.byteLength} bytes; the limit is ${THRESHOLDS.maxInputBytes} bytes (256 KiB)`);
  }
  try {
    return DECODER.decode(bytes);
  } catch {
    throw new AssessInputError("invalid-utf8", "input is not valid UTF-8");
  }
}

/** Maximum bracket nesting of a JSON text, scanned without recursion (strings skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Parses JSON text within the size and depth limits; throws AssessInputError otherwise. */
export function parseJsonInput(text: string): unknown {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > THRESHOLDS.maxInputBytes) {
    throw new AssessInputError("too-large", `input is ${bytes} bytes; the limit is ${THRESHOLDS.maxInputBytes} bytes (256 KiB)`);
  }
  const depth = jsonDepth(text);
  if (depth > THRESHOLDS.maxJsonDepth) {
    throw new AssessInputError("too-deep", `JSON nesting depth ${depth} exceeds ${THRESHOLDS.maxJsonDepth}`);
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    throw new AssessInputError("invalid-json", `input is not valid JSON: ${(error as Error).message}`);
  }
}

/** Depth of an in-memory value, iteratively (a cyclic or absurdly deep object is refused). */
export function valueDepth(value: unknown, limit: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  let visited = 0;
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== "object" || v === null) continue;
    if (d > max) max = d;
    if (max > limit || ++visited > 100_000) return Number.POSITIVE_INFINITY;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}
