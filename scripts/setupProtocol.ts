/**
 * The setup steps that deployment scripts, benchmarks and tests run on a fresh deployment:
 * validators funded with stake tokens and registered, and a sample request submitted inline.
 * Local chains only: they mint from the test stake token's open mint.
 */
import { toUtf8Bytes, type Signer } from "ethers";
import { canonicalJson, computeOutputHash, domainToBytes32 } from "../offchain/protocol/payload.js";
import type { QualityConsensusDeployment } from "./deploy.js";

/** What deployProtocol returns, as far as these steps need it. */
type Protocol = Pick<QualityConsensusDeployment, "token" | "registry" | "consensus"> & {
  deployment: { registry: string; consensus: string };
};

export interface ValidatorFunding {
  /** Stake-token wei minted to each validator. */
  mint: bigint;
  /** Stake-token wei each validator registers with (at most `mint`). */
  stake: bigint;
  /** Allowance each validator gives the registry; default `mint`. */
  approve?: bigint;
}

/**
 * Mints, approves and registers each validator in turn (proof of work off: nonce 0). The
 * validators need gas money already; how they get it (setBalance or a transfer) is the caller's.
 */
export async function registerValidators(
  protocol: Protocol,
  validators: readonly Signer[],
  funding: ValidatorFunding,
): Promise<void> {
  const { token, registry, deployment } = protocol;
  for (const v of validators) {
    await (await token.mint(await v.getAddress(), funding.mint)).wait();
    await (
      await token.connect(v).approve(deployment.registry, funding.approve ?? funding.mint)
    ).wait();
    await (await registry.connect(v).register(funding.stake, 0n)).wait();
  }
}

export interface SampleRequest {
  /** Stake-token wei escrowed as the fee. */
  fee: bigint;
  /** Stake-token wei minted to the client first; default `fee`. */
  mint?: bigint;
  /** Allowance the client gives the consensus; default `mint`. */
  approve?: bigint;
  /** Text of the general-domain output; default "hello". */
  text?: string;
}

/** Submits a small general-domain payload inline from `client`; returns its request id. */
export async function submitSampleRequest(
  protocol: Protocol,
  client: Signer,
  request: SampleRequest,
): Promise<bigint> {
  const { token, consensus, deployment } = protocol;
  const mint = request.mint ?? request.fee;
  const payload = {
    schema: "qcp/request@1",
    domain: "general",
    output: { text: request.text ?? "hello" },
  };
  await (await token.mint(await client.getAddress(), mint)).wait();
  await (await token.connect(client).approve(deployment.consensus, request.approve ?? mint)).wait();
  await (
    await consensus
      .connect(client)
      .submitRequest(
        computeOutputHash(payload),
        domainToBytes32("general"),
        toUtf8Bytes(canonicalJson(payload)),
        "",
        request.fee,
      )
  ).wait();
  return consensus.requestCount();
}
