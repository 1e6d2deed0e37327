import type { Hex } from "viem";
import type { Category, Finding, Severity, Span } from "../protocol/findings.js";
import type { Domain, PayloadIssue } from "../protocol/payload.js";
import type { NormalizedText } from "./normalize.js";

export type Axis = "consistency" | "safety" | "domain" | "quality";

/** What every check sees: the parsed payload (possibly schema-breaking) and its normalized text. */
export interface CheckContext {
  /** The payload as parsed JSON; an empty object when the input is not an object. */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly schemaIssues: readonly PayloadIssue[];
  /** The payload's domain when it is one of the four, otherwise null. */
  readonly domain: Domain | null;
  readonly output: Readonly<Record<string, unknown>>;
  readonly text: NormalizedText;
  readonly outputHash: Hex | null;
  readonly expectedOutputHash?: Hex;
}

export type CheckFinding = Omit<Finding, "check">;

export interface CheckResult {
  /** 1 = nothing wrong, 0 = worst; feeds the scores within the band the findings select. */
  score: number;
  findings: CheckFinding[];
}

export interface Check {
  readonly id: string;
  readonly version: string;
  readonly axis: Axis;
  /** Domains the check runs for; "all" runs everywhere (including unknown domains). */
  readonly domains: readonly Domain[] | "all";
  run(ctx: CheckContext): CheckResult;
}

export function finding(
  category: Category,
  severity: Severity,
  message: string,
  span?: Span,
): CheckFinding {
  return span === undefined
    ? { category, severity, message }
    : { category, severity, message, span };
}

export const PASS: CheckResult = Object.freeze({ score: 1, findings: [] }) as CheckResult;
