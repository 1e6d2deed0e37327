import canonicalizeModule from "canonicalize";
import { stringToBytes, type Hex } from "viem";
import { z } from "zod";
import { keccak256Utf8 } from "./keccak.js";

export const PAYLOAD_SCHEMA_ID = "qcp/request@1";
/** Largest payload carried inline in the RequestSubmitted event (the contract enforces the same). */
export const MAX_INLINE_PAYLOAD_BYTES = 24 * 1024;
export const DOMAINS = ["healthcare", "finance", "legal", "general"] as const;
export type Domain = (typeof DOMAINS)[number];

/** The request payload of DESIGN.md section 5; unknown keys are kept (domain fields). */
export const requestPayloadSchema = z.looseObject({
  schema: z.literal(PAYLOAD_SCHEMA_ID),
  domain: z.enum(DOMAINS),
  output: z.looseObject({
    text: z.string(),
    confidence: z.number().min(0).max(1).optional(),
  }),
  explanation: z
    .looseObject({
      features: z.array(z.string()).optional(),
      shap_values: z.array(z.number()).optional(),
      lime_weights: z.array(z.number()).optional(),
      rules: z.array(z.string()).optional(),
    })
    .optional(),
  proof: z
    .looseObject({
      type: z.string(),
      provider: z.string().optional(),
      signature: z.string().optional(),
    })
    .optional(),
  model: z.looseObject({ id: z.string(), version: z.string() }).optional(),
});

// canonicalize is CommonJS with an ESM-style declaration: under node16 resolution its default
// import is the function at run time but typed as the module.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

export type RequestPayload = z.infer<typeof requestPayloadSchema>;

/** RFC 8785 (JCS) canonical JSON of any JSON value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value cannot be represented as JSON");
  return text;
}

/** outputHash = keccak256(utf8(JCS(payload))): the one definition used by clients, validators and tests. */
export function computeOutputHash(payload: unknown): Hex {
  return keccak256Utf8(canonicalJson(payload));
}

/** bytes32 form of a domain name as the contract stores it (`bytes32("healthcare")`). */
export function domainToBytes32(domain: string): Hex {
  const bytes = stringToBytes(domain);
  if (bytes.length > 32) throw new RangeError(`domain name longer than 32 bytes: ${domain}`);
  return `0x${Buffer.from(bytes).toString("hex").padEnd(64, "0")}` as Hex;
}

export function bytes32ToDomain(value: Hex): string {
  return Buffer.from(value.slice(2), "hex").toString("utf8").replace(/\0+$/, "");
}

/** One way a payload breaks the schema: where (dotted path) and what. */
export interface PayloadIssue {
  path: string;
  message: string;
}

export type ParsePayloadResult =
  { ok: true; payload: RequestPayload } | { ok: false; issues: PayloadIssue[] };

/**
 * Validates an already-parsed JSON value against the request schema without throwing, so that a
 * schema-breaking payload becomes findings rather than a crash. Issues are sorted by path then
 * message (plain code-unit order) so that the result does not depend on zod's traversal order.
 */
export function parsePayload(value: unknown): ParsePayloadResult {
  const result = requestPayloadSchema.safeParse(value);
  if (result.success) return { ok: true, payload: result.data };
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.length === 0 ? "(root)" : issue.path.map(String).join("."),
    message: issue.message,
  }));
  issues.sort((a, b) =>
    a.path === b.path ? compareCodeUnits(a.message, b.message) : compareCodeUnits(a.path, b.path),
  );
  return { ok: false, issues };
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
