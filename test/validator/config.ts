import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { encryptKeystoreJson, Wallet } from "ethers";
import { QcpError } from "../../offchain/cli/errors.js";
import { loadConfig, parseConfig, redactedConfig, redactUrl } from "../../offchain/config/load.js";
import { keystorePassword, loadWallet } from "../../offchain/config/secrets.js";

const EXAMPLE = new URL("../../offchain/config/example.yaml", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "qcp-config-"));

function hintsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(QcpError);
    return [...(error as QcpError).hints];
  }
  throw new Error("expected an error");
}

async function rejection(promise: Promise<unknown>): Promise<QcpError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(QcpError);
    return error as QcpError;
  }
  throw new Error("expected a rejection");
}

const deploymentJson = {
  chainId: 31337,
  token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  consensus: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
  deployBlock: 1,
};

describe("config", function () {
  describe("parseConfig", function () {
    it("accepts the documented example with every section", function () {
      const config = parseConfig(readFileSync(EXAMPLE, "utf8"), "example.yaml");
      expect(config.network.rpc_urls).to.deep.equal(["http://127.0.0.1:8545"]);
      expect(config.optimization.cache_ttl).to.equal(300);
      expect(config.simulation.behaviour).to.equal("honest");
      expect(config.validator.metrics_host).to.equal("127.0.0.1");
    });

    it("reports every bad key at once, each naming its key", function () {
      const hints = hintsOf(() =>
        parseConfig(
          [
            "network:",
            "  chain_id: -1",
            "  rpc_urls: [http://ok.example, not-a-url]",
            "  rpc_quorum: 3",
            "  deployment_file: d.json",
            "validator:",
            "  metrics_port: 70000",
            "  surprise: true",
            "optimization:",
            "  cache_ttl: 0",
          ].join("\n"),
        ),
      );
      expect(hints).to.include("network.rpc_urls[1]: must be a URL");
      expect(hints).to.include("network.rpc_quorum: must be at most the number of rpc_urls (2)");
      expect(hints.some((h) => h.startsWith("network.chain_id:"))).to.equal(true);
      expect(hints.some((h) => h.startsWith("validator.metrics_port:"))).to.equal(true);
      expect(hints.some((h) => h.startsWith("validator.database:"))).to.equal(true);
      expect(hints).to.include('validator: unknown key(s) "surprise"');
      expect(hints.some((h) => h.startsWith("optimization.cache_ttl:"))).to.equal(true);
    });

    it("requires exactly one of deployment_file and addresses", function () {
      const hints = hintsOf(() =>
        parseConfig(
          "network:\n  chain_id: 1\n  rpc_urls: [http://a.example]\nvalidator:\n  database: x\n",
        ),
      );
      expect(hints).to.deep.equal([
        "network.deployment_file: give exactly one of network.deployment_file and network.addresses",
      ]);
    });

    it("names the line of a YAML syntax error", function () {
      expect(() => parseConfig("network: [", "bad.yaml")).to.throw(
        QcpError,
        /bad.yaml: not valid YAML at line/,
      );
    });
  });

  describe("loadConfig", function () {
    it("resolves paths relative to the file, reads the deployment and freezes the result", function () {
      writeFileSync(join(dir, "deployment.json"), JSON.stringify(deploymentJson));
      const path = join(dir, "v.yaml");
      writeFileSync(
        path,
        "network:\n  chain_id: 31337\n  rpc_urls: [https://rpc.example/v3/SECRETKEY]\n  deployment_file: deployment.json\nvalidator:\n  database: data/v.sqlite\n",
      );
      const loaded = loadConfig(path);
      expect(loaded.config.validator.database).to.equal(join(dir, "data/v.sqlite"));
      expect(loaded.deployment.consensus).to.equal(deploymentJson.consensus);
      expect(Object.isFrozen(loaded.config.network)).to.equal(true);
      expect(() => {
        (loaded.config.network as { confirmations: number }).confirmations = 0;
      }).to.throw(TypeError);
      const logged = JSON.stringify(redactedConfig(loaded));
      expect(logged).to.not.include("SECRETKEY");
      expect(logged).to.include("https://rpc.example/***");
    });

    it("refuses a deployment of another chain", function () {
      writeFileSync(join(dir, "deployment.json"), JSON.stringify(deploymentJson));
      const path = join(dir, "w.yaml");
      writeFileSync(
        path,
        "network:\n  chain_id: 1\n  rpc_urls: [http://a.example]\n  deployment_file: deployment.json\nvalidator:\n  database: v.sqlite\n",
      );
      expect(() => loadConfig(path)).to.throw(
        QcpError,
        /does not match the deployment's chainId 31337/,
      );
    });

    it("redacts credentials in RPC URLs", function () {
      expect(redactUrl("https://user:pw@host.example/key?x=1")).to.equal(
        "https://host.example/***",
      );
      expect(redactUrl("http://127.0.0.1:8545")).to.equal("http://127.0.0.1:8545");
    });
  });

  describe("secrets", function () {
    const key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    it("refuses an empty keystore password and a missing one", function () {
      expect(() => keystorePassword({ QCP_KEYSTORE_PASSWORD: "" })).to.throw(
        QcpError,
        /empty keystore password/,
      );
      expect(() => keystorePassword({})).to.throw(QcpError, /password is not set/);
    });

    it("reads the password from a file without its trailing newline", function () {
      const file = join(dir, "pw");
      writeFileSync(file, "hunter2\n");
      expect(keystorePassword({ QCP_KEYSTORE_PASSWORD_FILE: file })).to.equal("hunter2");
    });

    it("decrypts a keystore with the right password and names the problem with a wrong one", async function () {
      const wallet = new Wallet(key);
      const json = await encryptKeystoreJson(
        { address: wallet.address, privateKey: key },
        "correct horse",
        { scrypt: { N: 1 << 10 } },
      );
      const file = join(dir, "key.json");
      writeFileSync(file, json);
      const loaded = await loadWallet(file, { QCP_KEYSTORE_PASSWORD: "correct horse" });
      expect(loaded.address).to.equal(wallet.address);
      const error = await rejection(loadWallet(file, { QCP_KEYSTORE_PASSWORD: "wrong" }));
      expect(error.message).to.match(/wrong password or corrupt file/);
    });

    it("uses a raw env key only without a keystore, and never echoes a malformed one", async function () {
      expect((await loadWallet(undefined, { QCP_VALIDATOR_PRIVATE_KEY: key })).address).to.equal(
        new Wallet(key).address,
      );
      const bad = "0x1234deadbeef";
      const error = await rejection(loadWallet(undefined, { QCP_VALIDATOR_PRIVATE_KEY: bad }));
      expect(error.message).to.not.include("deadbeef");
      expect((await rejection(loadWallet(undefined, {}))).message).to.equal("no validator key");
    });
  });
});
