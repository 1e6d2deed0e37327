import {
  AbiCoder,
  getAddress,
  keccak256,
  recoverAddress,
  type Signer,
  type TypedDataField,
} from "ethers";
import { z } from "zod";
import { VOTE_TYPES, hashVote, voteMessage, type Eip712Domain } from "../protocol/eip712.js";
import { assertVote, votesEqual, type Vote } from "../protocol/vote.js";

/** Half the secp256k1 group order: OpenZeppelin's ECDSA rejects any s above it (malleable). */
const SECP256K1_HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be 32 bytes of hex");
const hexBytes = z.string().regex(/^0x([0-9a-fA-F]{2})*$/, "must be 0x-prefixed hex bytes");
const bps = z.number().int().min(0).max(10_000);
const requestId = z.union([z.string().regex(/^[0-9]+$/), z.number().int().nonnegative()]);

const VoteSchema = z.object({ quality: bps, risk: bps, domain: bps, findingsHash: hex32 });

/** A published vote attestation: the vote and its EIP-712 signature by a validator. */
export interface SignedVote {
  readonly requestId: string; // decimal, so the JSON survives any size
  readonly vote: Vote;
  readonly signature: string;
}

/** The evidence file `{requestId, validator, voteA, sigA, voteB, sigB}`, what `reportEquivocation` takes. */
export interface EquivocationEvidence {
  readonly requestId: string;
  readonly validator: string;
  readonly voteA: Vote;
  readonly sigA: string;
  readonly voteB: Vote;
  readonly sigB: string;
}

export const SignedVoteSchema = z.object({
  requestId,
  vote: VoteSchema,
  signature: hexBytes,
});

export const EquivocationEvidenceSchema = z.object({
  requestId,
  validator: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 20-byte hex address"),
  voteA: VoteSchema,
  sigA: hexBytes,
  voteB: VoteSchema,
  sigB: hexBytes,
});

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`,
    );
    throw new Error(`invalid ${what}: ${problems.join("; ")}`);
  }
  return result.data;
}

function asVote(vote: z.infer<typeof VoteSchema>): Vote {
  return { ...vote, findingsHash: vote.findingsHash as `0x${string}` };
}

/** Validates a parsed signed-vote JSON object. */
export function parseSignedVote(value: unknown): SignedVote {
  const parsed = parseWith(SignedVoteSchema, value, "signed vote");
  return {
    requestId: BigInt(parsed.requestId).toString(),
    vote: asVote(parsed.vote),
    signature: parsed.signature,
  };
}

/** Validates a parsed evidence JSON object. */
export function parseEvidence(value: unknown): EquivocationEvidence {
  const parsed = parseWith(EquivocationEvidenceSchema, value, "evidence");
  return {
    requestId: BigInt(parsed.requestId).toString(),
    validator: getAddress(parsed.validator),
    voteA: asVote(parsed.voteA),
    sigA: parsed.sigA,
    voteB: asVote(parsed.voteB),
    sigB: parsed.sigB,
  };
}

/**
 * Signs `vote` for `requestId` as an EIP-712 attestation (what a validator publishes; also how a
 * test or demo produces an equivocating validator).
 */
export async function signVote(
  signer: Signer,
  domain: Eip712Domain,
  requestId: bigint,
  vote: Vote,
): Promise<SignedVote> {
  assertVote(vote);
  const types = VOTE_TYPES as unknown as Record<string, TypedDataField[]>;
  const signature = await signer.signTypedData({ ...domain }, types, voteMessage(requestId, vote));
  return { requestId: requestId.toString(), vote, signature };
}

/** What recovering one signature gave: the digest and either the signer or why there is none. */
export type RecoveredVote =
  | { readonly digest: string; readonly signer: string; readonly problem?: undefined }
  | { readonly digest: string; readonly signer?: undefined; readonly problem: string };

/**
 * Recovers the signer of a vote attestation with the same rules as the contract (OpenZeppelin
 * ECDSA): 65 bytes, v in {27, 28}, s in the lower half of the curve order.
 */
export function recoverVoteSigner(
  domain: Eip712Domain,
  requestId: bigint,
  vote: Vote,
  signature: string,
): RecoveredVote {
  const digest = hashVote(domain, requestId, vote);
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    return { digest, problem: `signature must be 65 bytes, got ${(signature.length - 2) / 2}` };
  }
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = Number.parseInt(signature.slice(130, 132), 16);
  if (s > SECP256K1_HALF_N)
    return { digest, problem: "signature is malleable (s in the upper half)" };
  if (v !== 27 && v !== 28) return { digest, problem: `signature v must be 27 or 28, got ${v}` };
  try {
    return { digest, signer: recoverAddress(digest, signature) };
  } catch (error) {
    return { digest, problem: `signature does not recover: ${(error as Error).message}` };
  }
}

/**
 * The id the contract gives an offence: keccak256(abi.encode(validator, requestId, low, high))
 * with the two digests sorted, so the pair's order does not matter. Pinned against
 * `SlashingManager.computeEvidenceId` by the tests.
 */
export function computeEvidenceId(
  validator: string,
  requestId: bigint,
  digestA: string,
  digestB: string,
): string {
  const [low, high] = BigInt(digestA) < BigInt(digestB) ? [digestA, digestB] : [digestB, digestA];
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      ["address", "uint256", "bytes32", "bytes32"],
      [validator, requestId, low, high],
    ),
  );
}

/** The off-chain verdict on a piece of evidence; on-chain conditions are checked by simulation. */
export interface EvidenceVerification {
  readonly valid: boolean;
  readonly problems: readonly string[];
  readonly validator?: string;
  readonly digestA: string;
  readonly digestB: string;
  readonly evidenceId?: string;
}

/**
 * Checks what can be checked without a chain: both signatures recover, to the same address, which is
 * the claimed validator, and the votes differ. Pure.
 */
export function verifyEvidence(
  domain: Eip712Domain,
  evidence: EquivocationEvidence,
): EvidenceVerification {
  const requestIdValue = BigInt(evidence.requestId);
  const a = recoverVoteSigner(domain, requestIdValue, evidence.voteA, evidence.sigA);
  const b = recoverVoteSigner(domain, requestIdValue, evidence.voteB, evidence.sigB);
  const problems: string[] = [];
  if (a.problem) problems.push(`sigA: ${a.problem}`);
  if (b.problem) problems.push(`sigB: ${b.problem}`);
  if (a.signer && b.signer && a.signer !== b.signer) {
    problems.push(`the votes were signed by different addresses (${a.signer}, ${b.signer})`);
  }
  if (votesEqual(evidence.voteA, evidence.voteB)) {
    problems.push("the two votes are identical: that is not an equivocation");
  }
  if (a.signer && getAddress(evidence.validator) !== a.signer) {
    problems.push(
      `the signatures are by ${a.signer}, not by the claimed validator ${evidence.validator}`,
    );
  }
  const validator = a.signer;
  return {
    valid: problems.length === 0,
    problems,
    validator,
    digestA: a.digest,
    digestB: b.digest,
    evidenceId: validator
      ? computeEvidenceId(validator, requestIdValue, a.digest, b.digest)
      : undefined,
  };
}

/**
 * Builds evidence from two signed votes for the same request; throws with every problem found when
 * they do not prove an equivocation.
 */
export function buildEvidence(
  domain: Eip712Domain,
  a: SignedVote,
  b: SignedVote,
): EquivocationEvidence {
  if (BigInt(a.requestId) !== BigInt(b.requestId)) {
    throw new Error(
      `the two votes are for different requests (${a.requestId} and ${b.requestId}): not an equivocation`,
    );
  }
  const recovered = recoverVoteSigner(domain, BigInt(a.requestId), a.vote, a.signature);
  const evidence: EquivocationEvidence = {
    requestId: BigInt(a.requestId).toString(),
    validator: recovered.signer ?? "0x0000000000000000000000000000000000000000",
    voteA: a.vote,
    sigA: a.signature,
    voteB: b.vote,
    sigB: b.signature,
  };
  const verification = verifyEvidence(domain, evidence);
  if (!verification.valid) {
    throw new Error(`not valid equivocation evidence: ${verification.problems.join("; ")}`);
  }
  return evidence;
}
