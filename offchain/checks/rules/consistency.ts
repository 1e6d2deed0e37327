import { verifyProviderProof } from "../../protocol/proof.js";
import { finding, PASS, type Check } from "../types.js";

/** Output validity: a payload that breaks the schema is a low-quality output, never a crash. */
export const schemaCheck: Check = {
  id: "consistency.schema",
  version: "1",
  axis: "consistency",
  domains: "all",
  run(ctx) {
    if (ctx.schemaIssues.length === 0) return PASS;
    const shown = ctx.schemaIssues.slice(0, 5).map((i) => `${i.path}: ${i.message}`);
    const more = ctx.schemaIssues.length > 5 ? ` (+${ctx.schemaIssues.length - 5} more)` : "";
    return {
      score: 0,
      findings: [
        finding("low_quality", "high", `payload breaks qcp/request@1: ${shown.join("; ")}${more}`),
      ],
    };
  },
};

/** The payload must hash to the outputHash the request committed to on chain (when given). */
export const outputHashCheck: Check = {
  id: "consistency.output-hash",
  version: "1",
  axis: "consistency",
  domains: "all",
  run(ctx) {
    if (ctx.outputHash === null) {
      return {
        score: 0,
        findings: [finding("low_quality", "high", "payload cannot be canonicalized (RFC 8785)")],
      };
    }
    if (ctx.expectedOutputHash === undefined) return PASS;
    if (ctx.outputHash.toLowerCase() === ctx.expectedOutputHash.toLowerCase()) return PASS;
    return {
      score: 0,
      findings: [
        finding(
          "low_quality",
          "high",
          `payload hashes to ${ctx.outputHash}, not the requested ${ctx.expectedOutputHash}`,
        ),
      ],
    };
  },
};

/** `proof.type = provider-signature`: EIP-191 signature by `proof.provider` (see protocol/proof.ts). */
export const providerProofCheck: Check = {
  id: "consistency.provider-proof",
  version: "1",
  axis: "consistency",
  domains: "all",
  run(ctx) {
    const result = verifyProviderProof(ctx.payload as Record<string, unknown>);
    switch (result.status) {
      case "absent":
      case "valid":
        return PASS;
      case "unsupported":
        return {
          score: 0.5,
          findings: [
            finding("low_quality", "low", `proof type "${result.type}" is not verifiable`),
          ],
        };
      case "invalid":
        return {
          score: 0,
          findings: [finding("low_quality", "high", `provider proof is invalid: ${result.reason}`)],
        };
    }
  },
};
