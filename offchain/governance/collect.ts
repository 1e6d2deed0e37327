import { readFile } from "node:fs/promises";
import type { Eip712Domain } from "../protocol/eip712.js";
import {
  buildEvidence,
  parseSignedVote,
  recoverVoteSigner,
  type EquivocationEvidence,
  type SignedVote,
} from "./evidence.js";

/**
 * Reads attestations from a validator's attestation endpoint (`GET /attestations/:requestId`, with
 * `?all=1` for every vote it signed) or from a JSON file: one signed vote, an array of them, or
 * `{attestations: [...]}`. Extra keys (validator, digest) are ignored: signers are recovered.
 */
export async function readAttestations(source: string): Promise<SignedVote[]> {
  let json: unknown;
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`GET ${source} answered ${response.status}`);
    json = await response.json();
  } else {
    json = JSON.parse(await readFile(source, "utf8"));
  }
  const list =
    json && typeof json === "object" && "attestations" in json
      ? (json as { attestations: unknown }).attestations
      : json;
  return (Array.isArray(list) ? list : [list]).map((item) => parseSignedVote(item));
}

/**
 * Every equivocation among `attestations`: for each (signer, request) with two or more different
 * validly signed votes, evidence from the first two. Invalid signatures are skipped. Pure.
 */
export function findEquivocations(
  domain: Eip712Domain,
  attestations: readonly SignedVote[],
): EquivocationEvidence[] {
  const groups = new Map<string, Map<string, SignedVote>>();
  for (const attestation of attestations) {
    const recovered = recoverVoteSigner(
      domain,
      BigInt(attestation.requestId),
      attestation.vote,
      attestation.signature,
    );
    if (!recovered.signer) continue;
    const key = `${recovered.signer}:${attestation.requestId}`;
    const byDigest = groups.get(key) ?? new Map<string, SignedVote>();
    if (!byDigest.has(recovered.digest)) byDigest.set(recovered.digest, attestation);
    groups.set(key, byDigest);
  }
  const found: EquivocationEvidence[] = [];
  for (const byDigest of groups.values()) {
    const [a, b] = [...byDigest.values()];
    if (a && b) found.push(buildEvidence(domain, a, b));
  }
  return found;
}
