import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ABI_DIR, GENERATED_ABIS, renderAll } from "../../scripts/generate-abis.js";
import { qualityConsensusAbi, validatorRegistryAbi } from "../../offchain/client/abi/index.js";

describe("client ABIs", () => {
  it("generatedAbiFiles_matchTheCompiledArtifacts", () => {
    // `hardhat test` compiles first, so the artifacts are current; a failure means the contracts
    // changed and `npm run abis` (or `npm run build`) was not run.
    for (const [file, expected] of renderAll()) {
      const actual = readFileSync(path.join(ABI_DIR, file), "utf8");
      expect(actual, `offchain/client/abi/${file} is stale: run \`npm run abis\``).to.equal(
        expected,
      );
    }
    expect(renderAll().size).to.equal(GENERATED_ABIS.length + 1);
  });

  it("consensusAbi_coversTheInterfaceTheClientUses", () => {
    const names = new Set<string>(
      qualityConsensusAbi.map((item) => ("name" in item ? item.name : "")),
    );
    for (const name of [
      "submitRequest",
      "phaseOf",
      "getRequest",
      "getResult",
      "RequestSubmitted",
      "RequestFinalized",
      "ConsensusWrongPhase",
    ]) {
      expect(names.has(name), name).to.equal(true);
    }
    expect(validatorRegistryAbi.some((item) => "name" in item && item.name === "Slashed")).to.equal(
      true,
    );
  });
});
