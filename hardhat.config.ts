import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// solc comes from the `solc` npm package so that nothing is downloaded at build time.
const SOLC_VERSION: string = require("solc/package.json").version;
const SOLC_PATH = require.resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  // Ignition modules live in scripts/ignition/modules (deployments in scripts/ignition/deployments).
  paths: { ignition: "scripts/ignition" },
  solidity: {
    profiles: {
      default: {
        version: SOLC_VERSION,
        path: SOLC_PATH,
        settings: {
          optimizer: { enabled: true, runs: 200 },
          evmVersion: "cancun",
        },
      },
      production: {
        version: SOLC_VERSION,
        path: SOLC_PATH,
        settings: {
          optimizer: { enabled: true, runs: 200 },
          evmVersion: "cancun",
        },
      },
    },
  },
  typechain: {
    outDir: "typechain-types",
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      // Shared test vectors (e.g. test/vectors/commitment.json) read by Solidity and mocha tests.
      fsPermissions: { readDirectory: ["test/vectors"] },
    },
    mocha: {
      timeout: 120_000,
    },
  },
  networks: {
    hardhatMainnet: {
      type: "edr-simulated",
      chainType: "l1",
    },
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.QCP_RPC_URL ?? "http://127.0.0.1:8545",
    },
  },
});
