import { createServer, type Server } from "node:http";
import { expect } from "chai";
import { TransientError, FatalError } from "../../offchain/validator/errors.js";
import { createLogger } from "../../offchain/validator/logger.js";
import { Metrics } from "../../offchain/validator/metrics.js";
import { RpcQuorum } from "../../offchain/validator/rpc.js";

type Handler = (method: string, params: unknown[]) => unknown;

/** A scripted JSON-RPC endpoint; `handler` may be swapped during a test. */
class FakeEndpoint {
  server: Server | undefined;
  url = "";
  calls: string[] = [];
  constructor(public handler: Handler) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        const request = JSON.parse(body) as { id: number; method: string; params: unknown[] };
        this.calls.push(request.method);
        let payload: unknown;
        try {
          payload = {
            jsonrpc: "2.0",
            id: request.id,
            result: this.handler(request.method, request.params),
          };
        } catch (error) {
          payload = {
            jsonrpc: "2.0",
            id: request.id,
            error: { code: -32000, message: String(error) },
          };
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  stop(): void {
    this.server?.closeAllConnections();
    this.server?.close();
  }
}

/** A chain whose state at block n is described by `state(n)`. */
function chain(
  head: number,
  chainId = 31337,
  answer: (method: string, params: unknown[]) => unknown = () => "0x01",
): Handler {
  return (method, params) => {
    if (method === "eth_chainId") return `0x${chainId.toString(16)}`;
    if (method === "eth_blockNumber") return `0x${head.toString(16)}`;
    return answer(method, params);
  };
}

const logger = createLogger("silent");
const options = { chainId: 31337, quorum: 2, maxHeadLag: 3, timeoutMs: 2000 };
const call = { to: "0x0000000000000000000000000000000000000001", data: "0x" };

describe("RpcQuorum", function () {
  const endpoints: FakeEndpoint[] = [];
  let rpc: RpcQuorum | undefined;

  async function setup(handlers: Handler[], opts = options): Promise<RpcQuorum> {
    for (const h of handlers) endpoints.push(await new FakeEndpoint(h).start());
    rpc = new RpcQuorum(
      endpoints.map((e) => e.url),
      opts,
      logger,
      new Metrics(),
    );
    return rpc;
  }

  afterEach(function () {
    rpc?.destroy();
    rpc = undefined;
    for (const e of endpoints.splice(0)) e.stop();
  });

  it("takes as head the highest block `quorum` endpoints reached, so one endpoint cannot invent blocks", async function () {
    const r = await setup([chain(100), chain(98), chain(5_000)]);
    expect(await r.refreshHead()).to.equal(100);
  });

  it("excludes an endpoint lagging more than max_head_lag_blocks and includes it again once caught up", async function () {
    const r = await setup([chain(100), chain(100), chain(90)], { ...options, quorum: 1 });
    await r.refreshHead();
    expect(r.status().map((s) => s.stale)).to.deep.equal([false, false, true]);
    endpoints[2].handler = chain(99);
    await r.refreshHead();
    expect(r.status().map((s) => s.stale)).to.deep.equal([false, false, false]);
  });

  it("returns the answer a quorum agrees on and ignores a lying minority", async function () {
    const honest = chain(100, 31337, () => "0x" + "00".repeat(31) + "07");
    const liar = chain(100, 31337, () => "0x" + "00".repeat(31) + "09");
    const r = await setup([honest, liar, honest]);
    await r.refreshHead();
    expect(await r.call(call, 100)).to.equal("0x" + "00".repeat(31) + "07");
  });

  it("refuses to act when endpoints disagree with no quorum", async function () {
    const a = chain(100, 31337, () => "0x01");
    const b = chain(100, 31337, () => "0x02");
    const r = await setup([a, b]);
    await r.refreshHead();
    try {
      await r.call(call, 100);
      expect.fail("expected no quorum");
    } catch (error) {
      expect(error).to.be.instanceOf(TransientError);
      expect((error as Error).message).to.match(/eth_call: no quorum \(1 agreeing of 2/);
    }
  });

  it("never uses an endpoint of another chain, and fails fatally when none serves the chain", async function () {
    const r = await setup([chain(100), chain(100, 1)], { ...options, quorum: 1 });
    await r.verifyChain();
    await r.refreshHead();
    expect(r.status()[1].stale).to.equal(true);
    rpc?.destroy();
    for (const e of endpoints.splice(0)) e.stop();
    const wrong = await setup([chain(100, 5)], { ...options, quorum: 1 });
    try {
      await wrong.verifyChain();
      expect.fail("expected a fatal error");
    } catch (error) {
      expect(error).to.be.instanceOf(FatalError);
    }
  });

  it("broadcasts a transaction to every fresh endpoint and succeeds if one accepts it", async function () {
    const accepting = chain(100, 31337, (m) =>
      m === "eth_sendRawTransaction" ? "0x" + "ab".repeat(32) : "0x",
    );
    const refusing = chain(100, 31337, (m) => {
      if (m === "eth_sendRawTransaction") throw new Error("rejected");
      return "0x";
    });
    const r = await setup([refusing, accepting], { ...options, quorum: 1 });
    await r.refreshHead();
    await r.broadcast("0x02");
    expect(endpoints.every((e) => e.calls.includes("eth_sendRawTransaction"))).to.equal(true);
  });
});
