import { getBytes, verifyMessage } from "ethers";
import type { Hex } from "viem";
import { computeOutputHash } from "./payload.js";

export const PROVIDER_SIGNATURE_PROOF = "provider-signature";

/**
 * The hash a provider signs: the outputHash of the payload WITHOUT its `proof` field.
 *
 * The signature cannot cover itself, so the signed hash leaves `proof` out; everything else
 * (schema, domain, output, explanation, model) is covered. The on-chain `outputHash` still covers
 * the whole payload, proof included. For a payload that has no `proof`, both hashes are equal.
 */
export function providerSigningHash(payload: Record<string, unknown>): Hex {
  const { proof: _proof, ...unsigned } = payload;
  return computeOutputHash(unsigned);
}

export type ProofVerification =
  | { status: "absent" }
  | { status: "valid"; signer: string }
  | { status: "unsupported"; type: string }
  | { status: "invalid"; reason: string };

/**
 * Checks `proof` of a payload: for `type = "provider-signature"`, an EIP-191 (personal_sign)
 * signature by `proof.provider` over the 32 raw bytes of {@link providerSigningHash}.
 * Synchronous (ethers' `verifyMessage`) so the checks stay a pure synchronous function; viem's
 * `signMessage({ message: { raw: hash } })` produces signatures this accepts.
 *
 * @example
 * import { privateKeyToAccount } from "viem/accounts";
 * const account = privateKeyToAccount(key);
 * const signature = await account.signMessage({ message: { raw: providerSigningHash(payload) } });
 * verifyProviderProof({ ...payload, proof: { type: "provider-signature", provider: account.address, signature } });
 */
export function verifyProviderProof(payload: Record<string, unknown>): ProofVerification {
  const proof = payload.proof;
  if (proof === undefined) return { status: "absent" };
  if (typeof proof !== "object" || proof === null || Array.isArray(proof)) {
    return { status: "invalid", reason: "proof is not an object" };
  }
  const { type, provider, signature } = proof as Record<string, unknown>;
  if (type !== PROVIDER_SIGNATURE_PROOF) {
    return { status: "unsupported", type: typeof type === "string" ? type : String(type) };
  }
  if (typeof provider !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(provider)) {
    return { status: "invalid", reason: "proof.provider is not a 20-byte hex address" };
  }
  if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    return { status: "invalid", reason: "proof.signature is not a 65-byte hex signature" };
  }
  let signer: string;
  try {
    signer = verifyMessage(getBytes(providerSigningHash(payload)), signature);
  } catch (error) {
    return { status: "invalid", reason: `signature does not recover: ${(error as Error).message}` };
  }
  if (signer.toLowerCase() !== provider.toLowerCase()) {
    return { status: "invalid", reason: `signature recovers to ${signer}, not ${provider}` };
  }
  return { status: "valid", signer };
}
