import { createHash } from "node:crypto";
import { bytesToHex, getAddress, isAddress, type Address, type Hex } from "viem";

/**
 * The registration proof of work of `ValidatorRegistry` (contracts/libraries/ProofOfWork.sol):
 * `sha256(abi.encodePacked(uint256 chainid, address registry, address validator, uint256 nonce))`
 * must have at least `powDifficultyBits` leading zero bits. The preimage is 32 + 20 + 20 + 32 bytes.
 */

const UINT256_MAX = (1n << 256n) - 1n;
const PREIMAGE_BYTES = 104;
const NONCE_OFFSET = 72;

/** Inputs of {@link proofOfWorkHash}. */
export interface ProofOfWorkHashParameters {
  chainId: bigint;
  registry: Address;
  validator: Address;
  nonce: bigint;
}

/** Progress report of a running {@link mineProofOfWork} search. */
export interface ProofOfWorkProgress {
  /** Nonces tried so far. */
  attempts: number;
  /** Attempts per second since the search started. */
  hashesPerSecond: number;
  /** Next nonce to be tried. */
  nonce: bigint;
}

/** Inputs of {@link mineProofOfWork}. */
export interface MineProofOfWorkParameters {
  chainId: bigint;
  registry: Address;
  validator: Address;
  /** Required leading zero bits (the registry's `powDifficultyBits()`), 0..256. */
  difficultyBits: number;
  /** First nonce to try (default 0). Nonces are tried in increasing order. */
  startNonce?: bigint;
  /** Called every `progressEvery` attempts. */
  onProgress?: (progress: ProofOfWorkProgress) => void;
  /** Attempts between progress reports (default 100_000). */
  progressEvery?: number;
  /** Cancels the search; the promise then rejects with a DOMException named "AbortError". */
  signal?: AbortSignal;
}

/** Result of {@link mineProofOfWork}: pass `nonce` to `register(amount, nonce)`. */
export interface MineProofOfWorkReturnType {
  nonce: bigint;
  hash: Hex;
  attempts: number;
}

/** Attempts between two yields to the event loop: small enough to cancel within a few ms. */
const BATCH = 4_096;

/**
 * Number of leading zero bits of a hash (8 × its length when it is all zeros).
 *
 * @example
 * import { leadingZeroBits } from "./proofOfWork.js";
 * leadingZeroBits(new Uint8Array([0x00, 0x1f])); // 11
 */
export function leadingZeroBits(hashBytes: Uint8Array): number {
  let bits = 0;
  for (const byte of hashBytes) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/**
 * The proof-of-work hash the registry checks, as 0x-prefixed hex.
 *
 * @example
 * import { proofOfWorkHash } from "./proofOfWork.js";
 * const hash = proofOfWorkHash({ chainId: 31337n, registry, validator, nonce: 42n });
 */
export function proofOfWorkHash(params: ProofOfWorkHashParameters): Hex {
  const preimage = encodePreimage(params.chainId, params.registry, params.validator);
  writeUint256(preimage, NONCE_OFFSET, checkUint256("nonce", params.nonce));
  return bytesToHex(createHash("sha256").update(preimage).digest());
}

/**
 * Searches nonces from `startNonce` upwards until the hash has `difficultyBits` leading zero bits.
 * Expected attempts: 2^difficultyBits (about 1 M for the production difficulty 20, a few seconds).
 * The search yields to the event loop every few thousand attempts, so it can be cancelled with
 * `signal` and does not starve timers or I/O.
 *
 * @example
 * import { mineProofOfWork } from "./proofOfWork.js";
 * const { nonce } = await mineProofOfWork({
 *   chainId: 31337n,
 *   registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
 *   validator: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
 *   difficultyBits: 20,
 *   onProgress: ({ attempts, hashesPerSecond }) => console.log(attempts, hashesPerSecond),
 * });
 */
export async function mineProofOfWork(
  params: MineProofOfWorkParameters,
): Promise<MineProofOfWorkReturnType> {
  const { difficultyBits, onProgress, signal } = params;
  if (!Number.isInteger(difficultyBits) || difficultyBits < 0 || difficultyBits > 256) {
    throw new RangeError(`difficultyBits must be an integer in 0..256, got ${difficultyBits}`);
  }
  const progressEvery = params.progressEvery ?? 100_000;
  if (!Number.isInteger(progressEvery) || progressEvery <= 0) {
    throw new RangeError(`progressEvery must be a positive integer, got ${progressEvery}`);
  }
  const nonce = checkUint256("startNonce", params.startNonce ?? 0n);
  const preimage = encodePreimage(params.chainId, params.registry, params.validator);
  const started = performance.now();
  let attempts = 0;
  let nextReport = progressEvery;

  // Only the low 32 bits of the nonce change between most attempts: write them as a number and
  // rewrite all 256 bits only when they wrap (BigInt arithmetic per attempt is slow).
  writeUint256(preimage, NONCE_OFFSET, nonce);
  let low = Number(nonce & 0xffffffffn);
  let lowBase = nonce - BigInt(low);

  for (;;) {
    throwIfAborted(signal);
    for (let i = 0; i < BATCH; i++) {
      const digest = createHash("sha256").update(preimage).digest();
      attempts++;
      if (leadingZeroBits(digest) >= difficultyBits) {
        return { nonce: lowBase + BigInt(low), hash: bytesToHex(digest), attempts };
      }
      if (low === 0xffffffff) {
        lowBase += 0x100000000n;
        if (lowBase > UINT256_MAX) {
          throw new RangeError("no proof of work found between startNonce and 2^256 - 1");
        }
        low = 0;
        writeUint256(preimage, NONCE_OFFSET, lowBase);
      } else {
        low++;
        preimage.writeUInt32BE(low, PREIMAGE_BYTES - 4);
      }
      if (attempts === nextReport) {
        nextReport += progressEvery;
        const seconds = (performance.now() - started) / 1000;
        onProgress?.({
          attempts,
          hashesPerSecond: seconds > 0 ? Math.round(attempts / seconds) : 0,
          nonce: lowBase + BigInt(low),
        });
      }
    }
    // Let timers, I/O and an abort() run between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new DOMException("proof-of-work search aborted", {
      name: "AbortError",
      cause: signal.reason,
    });
  }
}

function encodePreimage(chainId: bigint, registry: Address, validator: Address): Buffer {
  const preimage = Buffer.alloc(PREIMAGE_BYTES);
  writeUint256(preimage, 0, checkUint256("chainId", chainId));
  preimage.set(addressBytes("registry", registry), 32);
  preimage.set(addressBytes("validator", validator), 52);
  return preimage;
}

function addressBytes(name: string, address: Address): Buffer {
  if (!isAddress(address, { strict: false })) {
    throw new TypeError(`${name} is not an address: ${address}`);
  }
  return Buffer.from(getAddress(address).slice(2), "hex");
}

function checkUint256(name: string, value: bigint): bigint {
  if (typeof value !== "bigint" || value < 0n || value > UINT256_MAX) {
    throw new RangeError(`${name} must be a uint256 bigint, got ${String(value)}`);
  }
  return value;
}

/** Big-endian 256-bit write: four 64-bit words. */
function writeUint256(buffer: Buffer, offset: number, value: bigint): void {
  buffer.writeBigUInt64BE((value >> 192n) & 0xffffffffffffffffn, offset);
  buffer.writeBigUInt64BE((value >> 128n) & 0xffffffffffffffffn, offset + 8);
  buffer.writeBigUInt64BE((value >> 64n) & 0xffffffffffffffffn, offset + 16);
  buffer.writeBigUInt64BE(value & 0xffffffffffffffffn, offset + 24);
}
