import { expect } from "chai";
import {
  ContractFunctionRevertedError,
  encodeErrorResult,
  hexToString,
  keccak256,
  type Hex,
} from "viem";
import { payloadFromFile } from "../../offchain/cli/commands/request.js";
import { privateKeyFromEnv } from "../../offchain/cli/clientOptions.js";
import { QcpError, formatCliError } from "../../offchain/cli/errors.js";
import { qualityConsensusAbi } from "../../offchain/client/abi/index.js";
import { createQcpClient } from "../../offchain/client/client.js";
import {
  ContractRevertError,
  PayloadTooLargeError,
  decodeRevertData,
  toQcpError,
} from "../../offchain/client/errors.js";
import { prepareRequest } from "../../offchain/client/submitRequest.js";
import { Outcome, Phase, outcomeName, phaseName } from "../../offchain/client/types.js";
import {
  MAX_INLINE_PAYLOAD_BYTES,
  canonicalJson,
  computeOutputHash,
  domainToBytes32,
} from "../../offchain/protocol/payload.js";
import { payloadOfSize, readExample } from "./helpers.js";

describe("client SDK: prepareRequest", () => {
  const example = readExample("fin-index-fund-hold");

  it("prepare_canonicalizesAndHashes_withTheProtocolEncoding", () => {
    const prepared = prepareRequest({ payload: example.payload });
    const canonical = canonicalJson(example.payload);
    expect(prepared.outputHash).to.equal(computeOutputHash(example.payload));
    expect(prepared.outputHash).to.equal(keccak256(new TextEncoder().encode(canonical)));
    expect(hexToString(prepared.payloadHex)).to.equal(canonical);
    expect(prepared.domain).to.equal("finance");
    expect(prepared.domainBytes32).to.equal(domainToBytes32("finance"));
    expect(prepared).to.deep.include({ inline: true, uri: "" });
  });

  it("prepare_keepsExactly24KiBInline_andRejectsOneByteMoreWithoutUri", () => {
    const atLimit = payloadOfSize(MAX_INLINE_PAYLOAD_BYTES);
    expect(canonicalJson(atLimit).length).to.equal(MAX_INLINE_PAYLOAD_BYTES);
    expect(prepareRequest({ payload: atLimit }).inline).to.equal(true);

    const over = payloadOfSize(MAX_INLINE_PAYLOAD_BYTES + 1);
    let caught: unknown;
    try {
      prepareRequest({ payload: over });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(PayloadTooLargeError);
    expect((caught as PayloadTooLargeError).size).to.equal(MAX_INLINE_PAYLOAD_BYTES + 1);
    expect(formatCliError(caught)).to.contain("24577 bytes").and.contain("hint: publish");
  });

  it("prepare_sendsOnlyTheUri_forALargePayloadWithUri", () => {
    const over = payloadOfSize(MAX_INLINE_PAYLOAD_BYTES + 100);
    const prepared = prepareRequest({ payload: over, uri: "ipfs://bafy" });
    expect(prepared).to.deep.include({ inline: false, payloadHex: "0x", uri: "ipfs://bafy" });
    expect(prepared.outputHash).to.equal(computeOutputHash(over));
  });

  it("prepare_rejectsSchemaViolations_namingTheKey", () => {
    const bad = { ...(example.payload as object), schema: "qcp/request@2" };
    expect(() => prepareRequest({ payload: bad }))
      .to.throw(QcpError, "does not match the qcp/request@1 schema")
      .with.property("hints")
      .that.satisfies((hints: string[]) => hints.some((h) => h.startsWith("schema:")));
    expect(prepareRequest({ payload: bad, validate: false }).inline).to.equal(true);
  });

  it("prepare_rejectsADomainThatContradictsThePayload", () => {
    expect(() => prepareRequest({ payload: example.payload, domain: "legal" })).to.throw(
      QcpError,
      'domain "legal" does not match the payload\'s domain "finance"',
    );
    expect(prepareRequest({ payload: example.payload, domain: "finance" }).domain).to.equal(
      "finance",
    );
  });
});

describe("client SDK: errors", () => {
  it("decodeRevertData_namesConsensusAndTokenErrors", () => {
    const data = encodeErrorResult({
      abi: qualityConsensusAbi,
      errorName: "ConsensusWrongPhase",
      args: [7n, Phase.Reveal],
    });
    expect(decodeRevertData(data)).to.deep.equal({
      errorName: "ConsensusWrongPhase",
      args: [7n, 2],
    });
    expect(decodeRevertData("0xdeadbeef")).to.equal(undefined);
  });

  it("toQcpError_turnsAWrongPhaseRevertIntoAHint", () => {
    const data = encodeErrorResult({
      abi: qualityConsensusAbi,
      errorName: "ConsensusWrongPhase",
      args: [7n, Phase.Finalized],
    });
    const viemError = new ContractFunctionRevertedError({
      abi: qualityConsensusAbi,
      data: data as Hex,
      functionName: "finalize",
    });
    const error = toQcpError(viemError, "finalize");
    expect(error).to.be.instanceOf(ContractRevertError);
    expect((error as ContractRevertError).errorName).to.equal("ConsensusWrongPhase");
    expect(error.message).to.equal("finalize failed: request 7 is in phase Finalized");
    expect(error.hints[0]).to.contain("already final");
  });

  it("enums_mirrorTheContract", () => {
    expect(phaseName(Phase.Finalizable)).to.equal("Finalizable");
    expect(outcomeName(Outcome.NoQuorum)).to.equal("NoQuorum");
    expect(() => phaseName(9)).to.throw(RangeError);
  });
});

describe("client CLI helpers", () => {
  it("payloadFromFile_unwrapsALabelledExample_andKeepsAPlainPayload", () => {
    const example = readExample("fin-index-fund-hold");
    expect(payloadFromFile(example)).to.deep.equal(example.payload);
    expect(payloadFromFile(example.payload)).to.equal(example.payload);
  });

  it("privateKeyFromEnv_requiresA32ByteKey_andNeverEchoesIt", () => {
    expect(() => privateKeyFromEnv({})).to.throw(QcpError, "needs a key");
    const secretish = "0x1234abcd";
    let message = "";
    try {
      privateKeyFromEnv({ QCP_PRIVATE_KEY: secretish });
    } catch (error) {
      message = formatCliError(error);
    }
    expect(message).to.contain("not a 32-byte hex private key").and.not.contain("1234abcd");
    expect(privateKeyFromEnv({ QCP_PRIVATE_KEY: "ab".repeat(32) })).to.equal(
      `0x${"ab".repeat(32)}`,
    );
  });

  it("createQcpClient_saysWhenTheNodeIsUnreachable", async () => {
    let caught: unknown;
    try {
      await createQcpClient({
        rpcUrl: "http://127.0.0.1:1",
        deployment: {
          chainId: 31337,
          token: "0x00000000000000000000000000000000000000a1",
          registry: "0x00000000000000000000000000000000000000a2",
          consensus: "0x00000000000000000000000000000000000000a3",
          deployBlock: 0,
        },
      });
    } catch (error) {
      caught = error;
    }
    expect(formatCliError(caught)).to.equal(
      [
        "error: connecting failed: cannot reach the JSON-RPC node at http://127.0.0.1:1/",
        "  hint: start a node (npx hardhat node) or pass --rpc <url> / set QCP_RPC_URL",
      ].join("\n"),
    );
  });
});
