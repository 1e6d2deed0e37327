import { expect } from "chai";
import { hexToBytes, type Address } from "viem";
import {
  leadingZeroBits,
  mineProofOfWork,
  proofOfWorkHash,
} from "../../offchain/protocol/proofOfWork.js";
import { ethers, loadRegistry, MIN_STAKE, type RegistryFixture } from "./fixture.js";

async function context(f: RegistryFixture, validator: { address: string }) {
  const { chainId } = await ethers.provider.getNetwork();
  return {
    chainId,
    registry: f.registryAddress as Address,
    validator: validator.address as Address,
  };
}

/** First nonce from `from` whose hash has fewer than `bits` leading zero bits. */
function failingNonce(ctx: Awaited<ReturnType<typeof context>>, bits: number, from = 0n): bigint {
  for (let nonce = from; ; nonce++) {
    if (leadingZeroBits(hexToBytes(proofOfWorkHash({ ...ctx, nonce }))) < bits) return nonce;
  }
}

describe("proof of work: leadingZeroBits", function () {
  it("counts leading zero bits across byte boundaries", function () {
    expect(leadingZeroBits(new Uint8Array([0x80]))).to.equal(0);
    expect(leadingZeroBits(new Uint8Array([0x01]))).to.equal(7);
    expect(leadingZeroBits(new Uint8Array([0x00, 0x1f]))).to.equal(11);
    expect(leadingZeroBits(new Uint8Array([0x00, 0x00, 0x00, 0x08]))).to.equal(28);
    expect(leadingZeroBits(new Uint8Array(32))).to.equal(256);
    expect(leadingZeroBits(new Uint8Array(0))).to.equal(0);
  });
});

describe("proof of work: TypeScript miner against the contract", function () {
  it("proofOfWorkHash matches the contract's hash for several nonces", async function () {
    const f = await loadRegistry();
    const ctx = await context(f, f.validators[0]);
    for (const nonce of [0n, 1n, 255n, 2n ** 64n + 7n, 2n ** 256n - 1n]) {
      expect(proofOfWorkHash({ ...ctx, nonce })).to.equal(
        await f.registry.proofOfWorkHash(ctx.validator, nonce),
      );
    }
  });

  it("difficulty 0: the start nonce is accepted at once and registers", async function () {
    const f = await loadRegistry();
    const [alice] = f.validators;
    const mined = await mineProofOfWork({
      ...(await context(f, alice)),
      difficultyBits: 0,
      startNonce: 98_765n,
    });
    expect(mined.nonce).to.equal(98_765n);
    expect(mined.attempts).to.equal(1);
    await expect(f.registry.connect(alice).register(MIN_STAKE, mined.nonce)).to.emit(
      f.registry,
      "ValidatorRegistered",
    );
  });

  for (const bits of [8, 20]) {
    it(`difficulty ${bits}: the mined nonce registers and a weaker one is rejected`, async function () {
      const f = await loadRegistry();
      const [alice, bob] = f.validators;
      await f.registry.connect(f.admin).setPowDifficultyBits(bits);
      const ctx = await context(f, alice);
      const mined = await mineProofOfWork({ ...ctx, difficultyBits: bits });
      expect(leadingZeroBits(hexToBytes(mined.hash))).to.be.at.least(bits);
      expect(mined.hash).to.equal(await f.registry.proofOfWorkHash(alice.address, mined.nonce));
      expect(mined.attempts).to.equal(Number(mined.nonce) + 1);

      const bad = failingNonce(ctx, bits);
      await expect(f.registry.connect(alice).register(MIN_STAKE, bad))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidProofOfWork")
        .withArgs(alice.address, bad, bits);
      // The proof is bound to the validator: bob cannot reuse alice's nonce.
      const bobCtx = await context(f, bob);
      const bobHash = proofOfWorkHash({ ...bobCtx, nonce: mined.nonce });
      expect(leadingZeroBits(hexToBytes(bobHash))).to.be.below(bits);
      await expect(f.registry.connect(bob).register(MIN_STAKE, mined.nonce))
        .to.be.revertedWithCustomError(f.registry, "RegistryInvalidProofOfWork")
        .withArgs(bob.address, mined.nonce, bits);

      await expect(f.registry.connect(alice).register(MIN_STAKE, mined.nonce))
        .to.emit(f.registry, "ValidatorRegistered")
        .withArgs(alice.address, MIN_STAKE, 1n);
    });
  }

  it("crosses a 32-bit nonce boundary with the right hash", async function () {
    const f = await loadRegistry();
    const ctx = await context(f, f.validators[0]);
    const startNonce = 2n ** 32n - 3n;
    const mined = await mineProofOfWork({ ...ctx, difficultyBits: 6, startNonce });
    expect(mined.nonce).to.equal(startNonce + BigInt(mined.attempts) - 1n);
    expect(mined.hash).to.equal(await f.registry.proofOfWorkHash(ctx.validator, mined.nonce));
    for (let n = startNonce; n < mined.nonce; n++) {
      expect(leadingZeroBits(hexToBytes(proofOfWorkHash({ ...ctx, nonce: n })))).to.be.below(6);
    }
    // Sanity: this start really does cross 2^32 before finding a proof.
    expect(mined.nonce >= 2n ** 32n).to.equal(true);
  });

  it("searches upward from startNonce", async function () {
    const f = await loadRegistry();
    const ctx = await context(f, f.validators[0]);
    const first = await mineProofOfWork({ ...ctx, difficultyBits: 6 });
    const next = await mineProofOfWork({ ...ctx, difficultyBits: 6, startNonce: first.nonce + 1n });
    expect(next.nonce > first.nonce).to.equal(true);
    expect(next.attempts).to.equal(Number(next.nonce - first.nonce));
  });
});

describe("proof of work: progress and cancellation", function () {
  const ctx = {
    chainId: 31337n,
    registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3" as Address,
    validator: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as Address,
  };

  it("reports progress every progressEvery attempts and stops on abort with an AbortError", async function () {
    const controller = new AbortController();
    const reports: { attempts: number; hashesPerSecond: number; nonce: bigint }[] = [];
    const search = mineProofOfWork({
      ...ctx,
      difficultyBits: 64, // never found in a test's lifetime
      progressEvery: 1_000,
      signal: controller.signal,
      onProgress: (p) => {
        reports.push(p);
        if (reports.length === 5) controller.abort();
      },
    });
    let caught: unknown;
    try {
      await search;
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(DOMException);
    expect((caught as DOMException).name).to.equal("AbortError");
    expect(reports.length).to.be.at.least(5);
    reports.forEach((r, i) => {
      expect(r.attempts).to.equal((i + 1) * 1_000);
      expect(r.nonce).to.equal(BigInt(r.attempts));
      expect(r.hashesPerSecond).to.be.a("number").and.at.least(0);
    });
  });

  it("an abort from a timer interrupts a long search (the miner yields to the event loop)", async function () {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    let caught: unknown;
    try {
      await mineProofOfWork({ ...ctx, difficultyBits: 64, signal: controller.signal });
    } catch (err) {
      caught = err;
    }
    expect((caught as Error).name).to.equal("AbortError");
    expect(Date.now() - started).to.be.below(2_000);
  });

  it("rejects at once when the signal is already aborted", async function () {
    let caught: unknown;
    try {
      await mineProofOfWork({ ...ctx, difficultyBits: 0, signal: AbortSignal.abort("stop") });
    } catch (err) {
      caught = err;
    }
    expect((caught as Error).name).to.equal("AbortError");
    expect((caught as Error).cause).to.equal("stop");
  });

  it("rejects invalid parameters", async function () {
    let caught: unknown;
    for (const bad of [
      { ...ctx, difficultyBits: 257 },
      { ...ctx, difficultyBits: 1.5 },
      { ...ctx, difficultyBits: 1, startNonce: -1n },
      { ...ctx, difficultyBits: 1, progressEvery: 0 },
      { ...ctx, validator: "0x1234" as Address, difficultyBits: 1 },
    ]) {
      caught = undefined;
      try {
        await mineProofOfWork(bad);
      } catch (err) {
        caught = err;
      }
      expect(
        caught,
        JSON.stringify(bad, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
      ).to.be.instanceOf(Error);
    }
    expect(() => proofOfWorkHash({ ...ctx, nonce: 2n ** 256n })).to.throw(RangeError);
    // The last nonce fails at difficulty 64: the search ends instead of wrapping around.
    caught = undefined;
    try {
      await mineProofOfWork({ ...ctx, difficultyBits: 64, startNonce: 2n ** 256n - 1n });
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(RangeError);
  });
});
