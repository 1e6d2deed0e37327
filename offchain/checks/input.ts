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
    throw new AssessInputError(
      "too-large",
      `input is ${bytes.byteLength} bytes; the limit is ${THRESHOLDS.maxInputBytes} bytes (256 KiB)`,
    );
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
    throw new AssessInputError(
      "too-large",
      `input is ${bytes} bytes; the limit is ${THRESHOLDS.maxInputBytes} bytes (256 KiB)`,
    );
  }
  const depth = jsonDepth(text);
  if (depth > THRESHOLDS.maxJsonDepth) {
    throw new AssessInputError(
      "too-deep",
      `JSON nesting depth ${depth} exceeds ${THRESHOLDS.maxJsonDepth}`,
    );
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    throw new AssessInputError(
      "invalid-json",
      `input is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** Refuses an in-memory value nested deeper than the limit, with too many values, or too much text. */
export function assertValueBounds(value: unknown): void {
  const maxNodes = 100_000;
  let chars = 0;
  let nodes = 0;
  // Values and their depths on two parallel stacks (no [value, depth] pair allocated per node:
  // this walk runs over every payload before anything else).
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const v = stack.pop();
    const depth = depths.pop() as number;
    if (typeof v === "string") {
      chars += v.length;
      if (chars > THRESHOLDS.maxInputBytes) {
        throw new AssessInputError(
          "too-large",
          `payload holds more than ${THRESHOLDS.maxInputBytes} characters of text (256 KiB limit)`,
        );
      }
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (depth > THRESHOLDS.maxJsonDepth) {
      throw new AssessInputError(
        "too-deep",
        `payload nesting exceeds ${THRESHOLDS.maxJsonDepth} levels`,
      );
    }
    if (++nodes > maxNodes)
      throw new AssessInputError(
        "too-large",
        `payload has more than ${maxNodes} objects and arrays`,
      );
    if (Array.isArray(v)) {
      for (const child of v) {
        stack.push(child);
        depths.push(depth + 1);
      }
    } else {
      for (const key of Object.keys(v)) {
        chars += key.length;
        stack.push((v as Record<string, unknown>)[key]);
        depths.push(depth + 1);
      }
    }
  }
}
