import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { verifyTypedData, Wallet } from "ethers";
import type { Hex } from "viem";
import { eip712Domain, hashVote, VOTE_TYPES, voteMessage } from "../../offchain/protocol/eip712.js";
import { Metrics } from "../../offchain/validator/metrics.js";
import { startServer } from "../../offchain/validator/server.js";
import { VoteStore } from "../../offchain/validator/store.js";

describe("metrics, health and attestation server", function () {
  it("answers /healthz 503 without a recent chain read or a moving head, 200 with both", async function () {
    let last = 0;
    let advanced = 0;
    const store = new VoteStore(":memory:");
    const server = await startServer(
      { host: "127.0.0.1", port: 0, maxStalenessSeconds: 5 },
      new Metrics(),
      store,
      {
        lastChainReadMs: () => last,
        lastHeadAdvanceMs: () => advanced,
        details: () => ({ head: 7 }),
      },
    );
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      let response = await fetch(`${base}/healthz`);
      expect(response.status).to.equal(503);
      last = Date.now() - 10_000;
      expect((await fetch(`${base}/healthz`)).status).to.equal(503);
      last = Date.now();
      advanced = Date.now() - 60_000;
      response = await fetch(`${base}/healthz`);
      expect(response.status).to.equal(503);
      expect(await response.json()).to.include({ reason: "the chain head is not advancing" });
      advanced = Date.now();
      response = await fetch(`${base}/healthz`);
      expect(response.status).to.equal(200);
      expect(await response.json()).to.include({ ok: true, head: 7 });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).to.include("qcp_votes_total");
      expect(metrics).to.include("qcp_last_success_timestamp_seconds");
      expect((await fetch(`${base}/nope`)).status).to.equal(404);
    } finally {
      server.close();
      store.close();
    }
  });

  it("serves a stored attestation whose signature recovers to the validator", async function () {
    const wallet = Wallet.createRandom();
    const domain = eip712Domain(31337n, "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0");
    const vote = {
      quality: 9000,
      risk: 100,
      domain: 9500,
      findingsHash: `0x${"22".repeat(32)}` as Hex,
    };
    const signature = (await wallet.signTypedData(
      domain,
      { Vote: [...VOTE_TYPES.Vote] },
      voteMessage(5n, vote),
    )) as Hex;
    const store = new VoteStore(":memory:");
    store.addAttestation({
      requestId: 5n,
      validator: wallet.address,
      vote,
      digest: hashVote(domain, 5n, vote),
      signature,
    });
    const server = await startServer(
      { host: "127.0.0.1", port: 0, maxStalenessSeconds: 5 },
      new Metrics(),
      store,
      {
        lastChainReadMs: () => Date.now(),
        lastHeadAdvanceMs: () => Date.now(),
        details: () => ({}),
      },
    );
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const body = (await (await fetch(`${base}/attestations/5`)).json()) as {
        requestId: string;
        validator: string;
        vote: typeof vote;
        signature: Hex;
      };
      expect(body).to.deep.include({ requestId: "5", validator: wallet.address, vote, signature });
      expect(
        verifyTypedData(domain, { Vote: [...VOTE_TYPES.Vote] }, voteMessage(5n, vote), signature),
      ).to.equal(wallet.address);
      expect((await fetch(`${base}/attestations/6`)).status).to.equal(404);
      const all = (await (await fetch(`${base}/attestations/5?all=1`)).json()) as {
        attestations: unknown[];
      };
      expect(all.attestations).to.have.length(1);
    } finally {
      server.close();
      store.close();
    }
  });
});
