import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { VoteStore, SALT_SCHEME, type StoredRequest } from "../../offchain/validator/store.js";

const H = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as `0x${string}`;

function request(
  id: bigint,
  blockHash = H(1),
  outputHash = H(2),
): Omit<StoredRequest, "status" | "note"> {
  return {
    requestId: id,
    blockNumber: 10,
    blockHash,
    outputHash,
    domain: H(3),
    payload: "0x7b7d",
    uri: "",
    epoch: 1n,
    committeeSize: 4,
    commitDeadline: 100,
    revealDeadline: 200,
  };
}

const vote = { quality: 9000, risk: 100, domain: 9500, findingsHash: H(9) };

describe("VoteStore", function () {
  const dir = mkdtempSync(join(tmpdir(), "qcp-store-"));

  it("keeps a vote recorded before the commit across a reopen (durable record)", function () {
    const path = join(dir, "a.sqlite");
    const store = new VoteStore(path);
    store.advance({ blockNumber: 10, blockHash: H(1) }, [request(1n)]);
    store.recordVote(1n, vote, H(7), "checks/1");
    store.close();
    const reopened = new VoteStore(path);
    const stored = reopened.getVote(1n)!;
    expect(stored.vote).to.deep.equal(vote);
    expect(stored.commitment).to.equal(H(7));
    expect(stored.saltScheme).to.equal(SALT_SCHEME);
    expect(stored.status).to.equal("recorded");
    expect(reopened.getCursor()).to.deep.equal({ blockNumber: 10, blockHash: H(1) });
    expect(reopened.openRequests().map((r) => r.requestId)).to.deep.equal([1n]);
    reopened.close();
  });

  it("never replaces a vote whose commit was sent", function () {
    const store = new VoteStore(":memory:");
    store.upsertRequest(request(1n));
    store.recordVote(1n, vote, H(7), "v");
    store.setVoteStatus(1n, "commit-sent", { commitTx: H(5) });
    store.recordVote(1n, { ...vote, quality: 1 }, H(8), "v");
    const stored = store.getVote(1n)!;
    expect(stored.vote.quality).to.equal(9000);
    expect(stored.commitTx).to.equal(H(5));
    store.close();
  });

  it("re-reads a request whose block changed and drops an uncommitted vote on other content", function () {
    const store = new VoteStore(":memory:");
    expect(store.upsertRequest(request(1n))).to.equal("new");
    expect(store.upsertRequest(request(1n))).to.equal("same");
    store.recordVote(1n, vote, H(7), "v");
    expect(store.upsertRequest(request(1n, H(11), H(12)))).to.equal("changed");
    expect(store.getVote(1n)).to.equal(undefined);
    expect(store.getRequest(1n)!.outputHash).to.equal(H(12));
    store.close();
  });

  it("refuses a database that belongs to another deployment or key", function () {
    const store = new VoteStore(":memory:");
    store.bindIdentity("31337:0xaa:0xbb");
    store.bindIdentity("31337:0xaa:0xbb");
    expect(() => store.bindIdentity("31337:0xaa:0xcc")).to.throw(
      /database belongs to 31337:0xaa:0xbb/,
    );
    store.close();
  });

  it("stores attestations once per digest, in order", function () {
    const store = new VoteStore(":memory:");
    const a = { requestId: 1n, validator: "0x01", vote, digest: H(1), signature: "0xaa" as const };
    store.addAttestation(a);
    store.addAttestation(a);
    store.addAttestation({ ...a, digest: H(2), vote: { ...vote, quality: 1 } });
    expect(store.attestations(1n).map((x) => x.vote.quality)).to.deep.equal([9000, 1]);
    expect(store.attestations(2n)).to.deep.equal([]);
    store.close();
  });
});
