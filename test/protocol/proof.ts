import { expect } from "chai";
import { privateKeyToAccount } from "viem/accounts";
import {
  canonicalFindings,
  computeFindingsHash,
  type Finding,
} from "../../offchain/protocol/findings.js";
import { computeOutputHash, parsePayload } from "../../offchain/protocol/payload.js";
import { providerSigningHash, verifyProviderProof } from "../../offchain/protocol/proof.js";
import { assessPayload } from "../../offchain/checks/index.js";

const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as const;
const OTHER = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a" as const;

const base = {
  schema: "qcp/request@1",
  domain: "general",
  output: { text: "Tides are caused mainly by the Moon's gravity.", confidence: 0.9 },
  explanation: {
    features: ["a", "b"],
    shap_values: [0.2, 0.1],
    lime_weights: [0.3, 0.1],
    rules: ["a -> b"],
  },
  model: { id: "m", version: "1" },
};

async function signed(key: `0x${string}`, payload: Record<string, unknown> = base) {
  const account = privateKeyToAccount(key);
  const signature = await account.signMessage({ message: { raw: providerSigningHash(payload) } });
  return {
    ...payload,
    proof: { type: "provider-signature", provider: account.address, signature },
  };
}

describe("provider proof (EIP-191 over the outputHash of the payload without proof)", function () {
  it("the signing hash ignores the proof field and equals outputHash when there is no proof", async function () {
    expect(providerSigningHash(base)).to.equal(computeOutputHash(base));
    const p = await signed(KEY);
    expect(providerSigningHash(p)).to.equal(computeOutputHash(base));
    expect(computeOutputHash(p)).to.not.equal(computeOutputHash(base));
  });

  it("accepts a viem signature by proof.provider", async function () {
    const p = await signed(KEY);
    expect(verifyProviderProof(p)).to.deep.equal({
      status: "valid",
      signer: privateKeyToAccount(KEY).address,
    });
    expect(assessPayload(p).findings).to.deep.equal([]);
  });

  it("rejects a signature by someone else, a tampered output and malformed fields", async function () {
    const byOther = await signed(OTHER);
    const claimed = {
      ...byOther,
      proof: { ...byOther.proof, provider: privateKeyToAccount(KEY).address },
    };
    const result = verifyProviderProof(claimed);
    expect(result.status).to.equal("invalid");
    const tampered = { ...(await signed(KEY)), output: { ...base.output, text: "changed" } };
    expect(verifyProviderProof(tampered).status).to.equal("invalid");
    expect(
      verifyProviderProof({
        ...base,
        proof: { type: "provider-signature", provider: "0x12", signature: "0x" },
      }),
    ).to.deep.equal({
      status: "invalid",
      reason: "proof.provider is not a 20-byte hex address",
    });
    expect(verifyProviderProof({ ...base, proof: { type: "tee-quote" } })).to.deep.equal({
      status: "unsupported",
      type: "tee-quote",
    });
    expect(verifyProviderProof(base)).to.deep.equal({ status: "absent" });
  });

  it("an invalid proof is a high-severity consistency finding", async function () {
    const byOther = await signed(OTHER);
    const claimed = {
      ...byOther,
      proof: { ...byOther.proof, provider: privateKeyToAccount(KEY).address },
    };
    const a = assessPayload(claimed);
    expect(a.findings.map((f) => [f.check, f.category, f.severity])).to.deep.equal([
      ["consistency.provider-proof", "low_quality", "high"],
    ]);
  });
});

describe("findings canonicalization", function () {
  it("is RFC 8785 (sorted keys) and order-sensitive across findings", function () {
    const a: Finding = {
      check: "c",
      category: "pii",
      severity: "high",
      message: "m",
      span: { start: 1, end: 2 },
    };
    const b: Finding = { check: "d", category: "bias", severity: "low", message: "n" };
    expect(canonicalFindings([a])).to.equal(
      '[{"category":"pii","check":"c","message":"m","severity":"high","span":{"end":2,"start":1}}]',
    );
    expect(computeFindingsHash([a, b])).to.not.equal(computeFindingsHash([b, a]));
  });
});

describe("parsePayload", function () {
  it("returns the payload when valid and sorted issues when not", function () {
    expect(parsePayload(base)).to.deep.equal({ ok: true, payload: base });
    const r = parsePayload({ schema: "x", domain: "y", output: { text: 1, confidence: 2 } });
    expect(r.ok).to.equal(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).to.deep.equal([
      "domain",
      "output.confidence",
      "output.text",
      "schema",
    ]);
    expect(parsePayload(null)).to.deep.include({ ok: false });
  });
});
