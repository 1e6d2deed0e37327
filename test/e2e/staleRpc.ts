import { createServer, type Server } from "node:http";
import { expect } from "chai";
import { keccak256 } from "ethers";
import { assess } from "../../offchain/validator/checker.js";
import { canonicalJson, computeOutputHash } from "../../offchain/protocol/payload.js";
import {
  deploySystem,
  devExample,
  expectedOutcome,
  freePort,
  fund,
  HardhatNode,
  registerDirect,
  stopAll,
  submitPayload,
  validatorWallet,
  ValidatorProcess,
  waitFinalized,
  type System,
} from "./harness.js";

interface JsonRpcRequest {
  id: unknown;
  method: string;
  params?: unknown[];
}

const TAGS = new Set(["latest", "pending", "safe", "finalized"]);

/**
 * A JSON-RPC endpoint that, once frozen, serves a stale view of the chain: its head stays at the
 * frozen block, "latest" and newer blocks are answered from the frozen block, logs stop there,
 * receipts of newer transactions are missing and sent transactions are silently dropped.
 */
class StaleProxy {
  frozen: number | undefined;
  private server: Server | undefined;
  url = "";

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        const parsed = JSON.parse(body) as JsonRpcRequest | JsonRpcRequest[];
        const list = Array.isArray(parsed) ? parsed : [parsed];
        Promise.all(list.map((r) => this.handle(r))).then((answers) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(Array.isArray(parsed) ? answers : answers[0]));
        });
      });
    });
    await new Promise<void>((r) => this.server!.listen(port, "127.0.0.1", () => r()));
  }

  private clampTag(tag: unknown): unknown {
    if (this.frozen === undefined) return tag;
    const hex = `0x${this.frozen.toString(16)}`;
    if (
      typeof tag === "string" &&
      (TAGS.has(tag) || (tag.startsWith("0x") && Number(tag) > this.frozen))
    )
      return hex;
    if (typeof tag === "number" && tag > this.frozen) return hex;
    return tag;
  }

  private async forward(request: JsonRpcRequest): Promise<{ result?: unknown; error?: unknown }> {
    const response = await fetch(this.target, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: request.id,
        method: request.method,
        params: request.params ?? [],
      }),
    });
    return (await response.json()) as { result?: unknown; error?: unknown };
  }

  private async handle(request: JsonRpcRequest): Promise<unknown> {
    const reply = (result: unknown) => ({ jsonrpc: "2.0", id: request.id, result });
    const params = [...(request.params ?? [])];
    if (this.frozen !== undefined) {
      switch (request.method) {
        case "eth_blockNumber":
          return reply(`0x${this.frozen.toString(16)}`);
        case "eth_sendRawTransaction":
          return reply(keccak256(params[0] as string));
        case "eth_getBlockByNumber":
          params[0] = this.clampTag(params[0]);
          break;
        case "eth_call":
        case "eth_getBalance":
        case "eth_getTransactionCount":
        case "eth_getCode":
        case "eth_estimateGas":
          if (params.length > 1)
            params[params.length - 1] = this.clampTag(params[params.length - 1]);
          break;
        case "eth_getLogs": {
          const filter = { ...(params[0] as Record<string, unknown>) };
          if (Number(filter.fromBlock) > this.frozen) return reply([]);
          filter.toBlock = this.clampTag(filter.toBlock ?? "latest");
          params[0] = filter;
          break;
        }
        case "eth_getTransactionReceipt": {
          const answer = await this.forward({ ...request, params });
          const receipt = answer.result as { blockNumber?: string } | null;
          if (receipt && Number(receipt.blockNumber) > this.frozen) return reply(null);
          return { jsonrpc: "2.0", id: request.id, ...answer };
        }
      }
    }
    const answer = await this.forward({ ...request, params });
    return { jsonrpc: "2.0", id: request.id, ...answer };
  }

  stop(): void {
    this.server?.close();
    this.server?.closeAllConnections();
  }
}

describe("e2e: one of two RPC endpoints serving stale data", function () {
  this.timeout(180_000);
  let node: HardhatNode;
  let sys: System;
  let proxy: StaleProxy;
  const validators: ValidatorProcess[] = [];

  before(async function () {
    node = await HardhatNode.start();
    sys = await deploySystem(node, { commitWindow: 15n, revealWindow: 15n });
    proxy = new StaleProxy(node.url);
    await proxy.start();
    const wallets = [0, 1, 2, 3].map((i) => validatorWallet(200 + i));
    await fund(sys, wallets);
    for (const w of wallets) await registerDirect(sys, w);
    // The stale endpoint is listed first, so it is the primary until it is found stale.
    wallets.forEach((w, i) =>
      validators.push(
        new ValidatorProcess(sys, i, w, {
          rpcUrls: [proxy.url, node.url],
          rpcQuorum: 1,
          maxHeadLag: 2,
        }),
      ),
    );
  });

  after(async function () {
    await stopAll(validators);
    proxy?.stop();
    await sys?.close();
    node?.stop();
  });

  it("does not change any vote: every validator reveals the honest assessment", async function () {
    for (const v of validators) await v.start();
    for (const v of validators) await v.waitStarted();
    await node.setAutomine(false);
    proxy.frozen = await sys.ethers.provider.getBlockNumber();

    const example = devExample("hc-toothache-acetaminophen");
    const requestId = await submitPayload(sys, example.payload);
    const result = await waitFinalized(sys, requestId, 90_000);
    expect(Number(result.outcome)).to.equal(expectedOutcome(example));

    const honest = assess({
      text: canonicalJson(example.payload),
      expectedOutputHash: computeOutputHash(example.payload),
    });
    const reveals = await sys.consensus.queryFilter(
      sys.consensus.filters.VoteRevealed(requestId),
      0,
    );
    expect(reveals).to.have.length(validators.length);
    for (const r of reveals) {
      expect(Number(r.args.quality)).to.equal(honest.quality);
      expect(Number(r.args.risk)).to.equal(honest.risk);
      expect(Number(r.args.domain)).to.equal(honest.domain);
      expect(r.args.findingsHash).to.equal(honest.findingsHash);
    }
    for (const v of validators) {
      expect(
        v.logs().some((l) => l.msg === "endpoint is stale; excluded" && l.endpoint === 0),
      ).to.equal(true);
      const metrics = (await v.http("/metrics")).body;
      const lag = /qcp_head_lag_blocks\{endpoint="0"\} (\d+)/.exec(metrics);
      expect(Number(lag?.[1])).to.be.greaterThan(2);
    }
  });
});
