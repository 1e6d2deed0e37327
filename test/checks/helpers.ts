import type { Category } from "../../offchain/protocol/findings.js";
import { assessPayload, type Assessment } from "../../offchain/checks/index.js";

type Domain = "healthcare" | "finance" | "legal" | "general";

/** A well-formed, high-quality payload around `text`; `output` adds domain fields. */
export function payload(
  text: string,
  domain: Domain = "general",
  output: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    schema: "qcp/request@1",
    domain,
    output: { text, confidence: 0.9, ...output },
    explanation: {
      features: ["f1", "f2", "f3", "f4"],
      shap_values: [0.4, 0.3, -0.2, 0.1],
      lime_weights: [0.35, 0.25, -0.15, 0.12],
      rules: ["f1 > 0.5 -> review"],
    },
    model: { id: "test-model", version: "1" },
  };
}

export function categoriesOf(a: Assessment): Category[] {
  return [...new Set(a.findings.map((f) => f.category))];
}

export function assessText(
  text: string,
  domain: Domain = "general",
  output: Record<string, unknown> = {},
): Category[] {
  return categoriesOf(assessPayload(payload(text, domain, output)));
}
