import { keccak256, type Hex } from "viem";
import { SALT_TYPES, type Eip712Domain } from "./eip712.js";

/** Anything that signs EIP-712 typed data deterministically (RFC 6979): an ethers Wallet, a viem account. */
export interface TypedDataSigner {
  signTypedData(
    domain: Eip712Domain,
    types: Record<string, Array<{ name: string; type: string }>>,
    value: { requestId: bigint },
  ): Promise<string>;
}

/**
 * The reveal salt: keccak256 of the validator's own EIP-712 signature over `Salt(uint256 requestId)`.
 * ECDSA signatures here are deterministic, so a validator that lost its disk re-derives the same
 * salt from nothing but its key, while nobody without the key can predict it.
 */
export async function deriveSalt(
  signer: TypedDataSigner,
  domain: Eip712Domain,
  requestId: bigint,
): Promise<Hex> {
  const signature = await signer.signTypedData(
    domain,
    { Salt: [...SALT_TYPES.Salt] },
    { requestId },
  );
  return keccak256(signature as Hex);
}
