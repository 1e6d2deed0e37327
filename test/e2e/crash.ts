import { rmSync } from "node:fs";
import { expect } from "chai";
import {
  deploySystem,
  devExample,
  expectedOutcome,
  fund,
  HardhatNode,
  registerDirect,
  STAKE,
  stopAll,
  submitPayload,
  validatorWallet,
  ValidatorProcess,
  waitFinalized,
  waitFor,
  type System,
} from "./harness.js";

/**
 * Crash safety: validators killed with SIGKILL (a) right after the commit is sent, (b) after it is
 * mined, (c) after it is mined and with the database deleted. After a restart each one reveals
 * in time and nobody is slashed. QCP_TEST_CRASH_AFTER is a test-only hook (offchain/simulation).
 */
describe("e2e: crash safety", function () {
  this.timeout(180_000);
  let node: HardhatNode;
  let sys: System;
  const validators: ValidatorProcess[] = [];

  before(async function () {
    node = await HardhatNode.start();
    sys = await deploySystem(node, { commitWindow: 20n, revealWindow: 20n });
    const wallets = [0, 1, 2, 3].map((i) => validatorWallet(100 + i));
    await fund(sys, wallets);
    for (const w of wallets) await registerDirect(sys, w);
    wallets.forEach((w, i) =>
      validators.push(new ValidatorProcess(sys, i, w, { rpcUrls: [node.url] })),
    );
  });

  after(async function () {
    await stopAll(validators);
    await sys?.close();
    node?.stop();
  });

  it("SIGKILL after commit sent, after commit mined, and with the database lost: every vote is revealed, nobody is slashed", async function () {
    const [sent, mined, wiped, steady] = validators;
    await sent.start({ QCP_TEST_CRASH_AFTER: "commit-sent" });
    await mined.start({ QCP_TEST_CRASH_AFTER: "commit-mined" });
    await wiped.start({ QCP_TEST_CRASH_AFTER: "commit-mined" });
    await steady.start();
    for (const v of validators) await v.waitStarted();
    await node.setAutomine(false);

    const example = devExample("fin-index-fund-hold");
    const requestId = await submitPayload(sys, example.payload);

    for (const v of [sent, mined, wiped]) {
      await waitFor(`validator ${v.index} to crash`, async () => !v.running, 30_000, 100);
      expect(v.child!.signalCode).to.equal("SIGKILL");
    }
    expect(sent.rawLog()).to.include("QCP_TEST_CRASH_AFTER=commit-sent");
    expect(mined.rawLog()).to.include("QCP_TEST_CRASH_AFTER=commit-mined");
    for (const suffix of ["", "-wal", "-shm"])
      rmSync(`${wiped.database}${suffix}`, { force: true });

    for (const v of [sent, mined, wiped]) await v.start();

    const result = await waitFinalized(sys, requestId, 90_000);
    expect(Number(result.outcome)).to.equal(expectedOutcome(example));
    for (const v of validators) {
      const ballot = await sys.consensus.getBallot(requestId, v.wallet.address);
      expect(ballot.revealed, `validator ${v.index} revealed`).to.equal(true);
      const record = await sys.registry.getValidator(v.wallet.address);
      expect(record.stake, `validator ${v.index} stake`).to.equal(STAKE);
    }
    const slashes = await sys.registry.queryFilter(sys.registry.filters.Slashed(), 0);
    expect(slashes).to.have.length(0);
    // The wiped validator rebuilt its vote from the payload and its key alone.
    expect(
      wiped
        .logs()
        .some((l) => l.msg === "vote recomputed from the payload and the key (no local record)"),
    ).to.equal(true);
  });
});
