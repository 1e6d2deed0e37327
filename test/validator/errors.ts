import { expect } from "chai";
import { getAddress, Interface } from "ethers";
import { IQualityConsensus__factory } from "../../typechain-types/index.js";
import {
  classify,
  decodeRevert,
  FatalError,
  TransientError,
} from "../../offchain/validator/errors.js";

const iface = new Interface(IQualityConsensus__factory.abi);
const validator = "0x00000000000000000000000000000000000000a1";

/** An ethers-style CALL_EXCEPTION carrying revert data, as JsonRpcProvider throws it. */
function callException(data: string) {
  return Object.assign(new Error("execution reverted"), { code: "CALL_EXCEPTION", data });
}

describe("error classifier", function () {
  it("decodes custom errors by name with their arguments", function () {
    const data = iface.encodeErrorResult("ConsensusWrongPhase", [7n, 3]);
    expect(decodeRevert(data)).to.deep.equal({ name: "ConsensusWrongPhase", args: [7n, 3n] });
  });

  it("treats lost races as `race`", function () {
    for (const [name, args] of [
      ["ConsensusWrongPhase", [1n, 2]],
      ["ConsensusAlreadyCommitted", [1n, validator]],
      ["ConsensusAlreadyRevealed", [1n, validator]],
      ["ConsensusNothingToClaim", [validator]],
    ] as const) {
      const c = classify(callException(iface.encodeErrorResult(name, args)));
      expect(c.kind, name).to.equal("race");
      expect(c.name).to.equal(name);
    }
  });

  it("treats requests this validator cannot act on as `skip`", function () {
    const c = classify(
      callException(iface.encodeErrorResult("ConsensusNotCommitteeMember", [1n, validator])),
    );
    expect(c).to.include({ kind: "skip", name: "ConsensusNotCommitteeMember" });
    expect(c.message).to.equal(`ConsensusNotCommitteeMember(1, ${getAddress(validator)})`);
  });

  it("finds revert data nested in a JSON-RPC error", function () {
    const nested = {
      error: { error: { data: iface.encodeErrorResult("ConsensusWrongPhase", [1n, 4]) } },
    };
    expect(classify(nested).name).to.equal("ConsensusWrongPhase");
  });

  it("retries network trouble and unknown reverts, stops on fatal", function () {
    expect(classify(new Error("connect ECONNREFUSED 127.0.0.1:8545")).kind).to.equal("transient");
    expect(classify(new TransientError("no quorum")).kind).to.equal("transient");
    expect(classify(callException("0xdeadbeef")).kind).to.equal("transient");
    expect(classify(new FatalError("wrong chain")).kind).to.equal("fatal");
  });
});
