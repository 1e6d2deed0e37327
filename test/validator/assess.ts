import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { toHex } from "viem";
import { canonicalJson, computeOutputHash } from "../../offchain/protocol/payload.js";
import { AssessDuty } from "../../offchain/validator/duties/assess.js";
import { Metrics } from "../../offchain/validator/metrics.js";
import { fetchPayload } from "../../offchain/validator/payloadFetch.js";
import type { StoredRequest } from "../../offchain/validator/store.js";

const DEV_SET = [
  new URL("../../../shared/dev-set/examples/", import.meta.url),
  new URL("../../../../shared/dev-set/examples/", import.meta.url),
];

function example(id: string): unknown {
  for (const base of DEV_SET) {
    try {
      return (JSON.parse(readFileSync(new URL(`${id}.json`, base), "utf8")) as { payload: unknown })
        .payload;
    } catch {
      // try the next location
    }
  }
  throw new Error(`dev-set example ${id} not found`);
}

const fetchOptions = { allowedSchemes: ["file", "http"], maxBytes: 64 * 1024, timeoutMs: 2000 };

function requestFor(payload: unknown, overrides: Partial<StoredRequest> = {}): StoredRequest {
  return {
    requestId: 1n,
    blockNumber: 1,
    blockHash: "0x01",
    outputHash: computeOutputHash(payload),
    domain: "0x00",
    payload: toHex(canonicalJson(payload)),
    uri: "",
    epoch: 1n,
    committeeSize: 4,
    commitDeadline: 0,
    revealDeadline: 0,
    status: "open",
    note: null,
    ...overrides,
  };
}

describe("payload fetch", function () {
  const dir = mkdtempSync(join(tmpdir(), "qcp-payload-"));
  let server: Server;
  let base = "";

  before(async function () {
    server = createServer((req, res) => {
      if (req.url === "/big") {
        res.writeHead(200);
        res.end("x".repeat(100 * 1024));
      } else if (req.url === "/down") {
        res.writeHead(503);
        res.end();
      } else {
        res.writeHead(200);
        res.end('{"ok":true}');
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  after(function () {
    server.close();
  });

  it("reads inline payloads, file:// and http:// URIs", async function () {
    expect(await fetchPayload(toHex('{"a":1}'), "", fetchOptions)).to.deep.equal({
      ok: true,
      text: '{"a":1}',
      source: "inline",
    });
    const file = join(dir, "p.json");
    writeFileSync(file, '{"b":2}');
    expect(await fetchPayload("0x", pathToFileURL(file).href, fetchOptions)).to.include({
      ok: true,
      text: '{"b":2}',
    });
    expect(await fetchPayload("0x", `${base}/ok`, fetchOptions)).to.include({
      ok: true,
      text: '{"ok":true}',
    });
  });

  it("bounds the size, refuses schemes the operator did not allow, and retries only what may recover", async function () {
    expect(await fetchPayload("0x", `${base}/big`, fetchOptions)).to.deep.include({
      ok: false,
      transient: false,
    });
    expect(await fetchPayload("0x", "https://example.com/p.json", fetchOptions)).to.deep.equal({
      ok: false,
      reason: "uri scheme https not allowed",
      transient: false,
    });
    expect(await fetchPayload("0x", `${base}/down`, fetchOptions)).to.deep.equal({
      ok: false,
      reason: "HTTP 503",
      transient: true,
    });
    expect(
      await fetchPayload("0x", pathToFileURL(join(dir, "missing.json")).href, fetchOptions),
    ).to.deep.include({
      ok: false,
      transient: true,
    });
  });
});

describe("AssessDuty", function () {
  this.timeout(60_000);

  it("assesses an unsafe dev-set payload as unsafe, then serves it from the cache", async function () {
    const metrics = new Metrics();
    const duty = new AssessDuty(
      {
        enableCaching: true,
        cacheTtlSeconds: 300,
        cacheMaxEntries: 10,
        parallel: false,
        maxThreads: 1,
        timeoutMs: 10_000,
        fetch: fetchOptions,
      },
      metrics,
    );
    const request = requestFor(example("hc-toothache-acetaminophen"));
    const first = await duty.assess(request);
    expect(first.ok && first.assessment.risk).to.be.at.least(5000);
    const second = await duty.assess(request);
    expect(second.ok && second.cached).to.equal(true);
    expect(second.ok && second.assessment).to.deep.equal(first.ok && first.assessment);
    await duty.close();
  });

  it("gives the same assessment in the worker pool as in the main thread", async function () {
    const options = {
      enableCaching: false,
      cacheTtlSeconds: 1,
      cacheMaxEntries: 1,
      maxThreads: 1,
      timeoutMs: 30_000,
      fetch: fetchOptions,
    };
    const inline = new AssessDuty({ ...options, parallel: false });
    const pooled = new AssessDuty({ ...options, parallel: true });
    const request = requestFor(example("fin-index-fund-hold"));
    const a = await inline.assess(request);
    const b = await pooled.assess(request);
    expect(b).to.deep.equal(a);
    await inline.close();
    await pooled.close();
  });

  it("turns a payload that does not match its outputHash into a rejecting finding, never a crash", async function () {
    const duty = new AssessDuty({
      enableCaching: false,
      cacheTtlSeconds: 1,
      cacheMaxEntries: 1,
      parallel: false,
      maxThreads: 1,
      timeoutMs: 10_000,
      fetch: fetchOptions,
    });
    const payload = example("fin-index-fund-hold");
    const tampered = requestFor(payload, { outputHash: `0x${"ab".repeat(32)}` });
    const outcome = await duty.assess(tampered);
    const honest = await duty.assess(requestFor(payload));
    expect(outcome.ok && honest.ok).to.equal(true);
    if (outcome.ok && honest.ok) {
      expect(outcome.assessment.findingsHash).to.not.equal(honest.assessment.findingsHash);
      // low_quality: below the network's minQuality (7000), so honest validators reject it.
      expect(outcome.assessment.quality).to.be.below(7000);
      expect(outcome.assessment.findings.map((f) => f.category)).to.include("low_quality");
    }
    const garbage = await duty.assess(requestFor(payload, { payload: toHex("not json") }));
    expect(garbage.ok && garbage.assessment.quality).to.equal(0);
    await duty.close();
  });
});
