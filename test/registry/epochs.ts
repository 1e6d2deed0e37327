import { expect } from "chai";
import type { ValidatorRegistry } from "../../typechain-types/index.js";
import {
  DAY,
  expectedWeight,
  loadRegistry,
  MIN_STAKE,
  networkHelpers,
  REASON,
  Status,
  TOKEN,
} from "./fixture.js";

/** Sum of weightOf over activeValidators(), read back from the contract. */
async function recomputedActiveWeight(registry: ValidatorRegistry): Promise<bigint> {
  let sum = 0n;
  for (const v of await registry.activeValidators()) sum += await registry.weightOf(v);
  return sum;
}

describe("ValidatorRegistry: membership epochs", function () {
  it("wasActiveAt is exact around registration and exit", async function () {
    const { registry, validators } = await loadRegistry();
    const [a, b] = validators;
    expect(await registry.wasActiveAt(a.address, 0n)).to.equal(false);
    await registry.connect(a).register(MIN_STAKE, 0n);
    const e1 = await registry.epoch();
    expect(e1).to.equal(1n);
    await registry.connect(b).register(MIN_STAKE, 0n);
    const e2 = await registry.epoch();
    expect(e2).to.equal(2n);
    // A committee recorded at e1 contains A only.
    expect(await registry.wasActiveAt(a.address, e1)).to.equal(true);
    expect(await registry.wasActiveAt(b.address, e1)).to.equal(false);
    expect(await registry.wasActiveAt(a.address, e1 - 1n)).to.equal(false);
    expect(await registry.wasActiveAt(b.address, e2)).to.equal(true);
    await registry.connect(a).requestUnbond();
    const e3 = await registry.epoch();
    expect(e3).to.equal(3n);
    // A stays a member of every committee recorded before its exit, and of none after.
    expect(await registry.wasActiveAt(a.address, e1)).to.equal(true);
    expect(await registry.wasActiveAt(a.address, e3 - 1n)).to.equal(true);
    expect(await registry.wasActiveAt(a.address, e3)).to.equal(false);
    expect(await registry.wasActiveAt(a.address, e3 + 100n)).to.equal(false);
    expect(await registry.wasActiveAt(b.address, e3)).to.equal(true);
    expect(await registry.wasActiveAt(b.address, 2n ** 64n - 1n)).to.equal(true);
    const va = await registry.getValidator(a.address);
    expect([va.activeSinceEpoch, va.activeUntilEpoch]).to.deep.equal([e1, e3]);
  });

  it("advances on forced removal and slash-removal, and not on stake or reputation changes", async function () {
    const { registry, slasher, consensus, validators } = await loadRegistry();
    const [a, b, c] = validators;
    for (const v of [a, b, c]) await registry.connect(v).register(MIN_STAKE + 1n, 0n);
    expect(await registry.epoch()).to.equal(3n);
    await registry.connect(a).increaseStake(TOKEN);
    await registry.connect(consensus).updateReputation(a.address, 9_000);
    await registry.connect(slasher).slash(a.address, 1n, REASON);
    await registry.connect(slasher).freeze(a.address);
    expect(await registry.epoch()).to.equal(3n);
    await registry.connect(slasher).removeValidator(b.address, REASON);
    expect(await registry.epoch()).to.equal(4n);
    expect((await registry.getValidator(b.address)).activeUntilEpoch).to.equal(4n);
    await registry.connect(slasher).slash(c.address, 2n, REASON);
    expect(await registry.epoch()).to.equal(5n);
    expect((await registry.getValidator(c.address)).activeUntilEpoch).to.equal(5n);
    // Slashing an unbonding validator does not change membership.
    await registry.connect(slasher).slash(c.address, 1n, REASON);
    expect(await registry.epoch()).to.equal(5n);
  });

  it("a re-registered validator gets a new membership interval", async function () {
    const { registry, validators } = await loadRegistry();
    const [a, b] = validators;
    await registry.connect(a).register(MIN_STAKE, 0n); // epoch 1
    await registry.connect(a).requestUnbond(); // epoch 2
    await networkHelpers.time.increase(7n * DAY);
    await registry.connect(a).withdraw();
    await registry.connect(b).register(MIN_STAKE, 0n); // epoch 3
    expect(await registry.wasActiveAt(a.address, 1n)).to.equal(true);
    expect(await registry.wasActiveAt(a.address, 3n)).to.equal(false);
    await registry.connect(a).register(MIN_STAKE, 0n); // epoch 4
    const v = await registry.getValidator(a.address);
    expect([v.activeSinceEpoch, v.activeUntilEpoch]).to.deep.equal([4n, 0n]);
    expect(await registry.wasActiveAt(a.address, 3n)).to.equal(false);
    expect(await registry.wasActiveAt(a.address, 4n)).to.equal(true);
  });
});

describe("ValidatorRegistry: totalActiveWeight stays exact", function () {
  it("over a scripted mix of every state change", async function () {
    const { registry, admin, slasher, consensus, rewardee, validators } = await loadRegistry();
    const vs = validators.slice(0, 8);
    // Deterministic pseudo-random walk (no test flakiness).
    let seed = 0x2545f491n;
    const rand = (n: number): number => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
      return Number((seed >> 33n) % BigInt(n));
    };
    for (let step = 0; step < 120; step++) {
      const v = vs[rand(vs.length)];
      const info = await registry.getValidator(v.address);
      const op = rand(8);
      if (info.status === Status.None && op < 4) {
        await registry.connect(v).register(MIN_STAKE + BigInt(rand(200_000)) * TOKEN, 0n);
      } else if (info.status === Status.Active && op === 0) {
        await registry.connect(v).increaseStake(BigInt(rand(50_000) + 1) * TOKEN);
      } else if (info.status === Status.Active && op === 1) {
        await registry.connect(v).requestUnbond();
      } else if (info.status !== Status.None && op === 2) {
        await registry.connect(slasher).slash(v.address, BigInt(rand(3_000)) * TOKEN, REASON);
      } else if (info.status !== Status.None && op === 3) {
        await registry
          .connect(slasher)
          .slashWithReward(v.address, BigInt(rand(2_000)) * TOKEN, REASON, rewardee, 5_000);
      } else if (op === 4) {
        await registry.connect(consensus).updateReputation(v.address, rand(10_001));
      } else if (op === 5 && step % 20 === 0) {
        await registry.connect(admin).setMaxEffectiveStake(BigInt(rand(200_000) + 1_000) * TOKEN);
      } else if (info.status === Status.Unbonding && op === 6) {
        await networkHelpers.time.increase(7n * DAY);
        await registry.connect(v).withdraw();
      }
      expect(await registry.totalActiveWeight()).to.equal(await recomputedActiveWeight(registry));
      expect(await registry.activeValidatorCount()).to.equal(
        BigInt((await registry.activeValidators()).length),
      );
    }
  });

  it("uses the weight formula min(stake, cap) * reputation / 10_000 rounded down", async function () {
    const { registry, consensus, validators } = await loadRegistry();
    const [a, b] = validators;
    await registry.connect(a).register(MIN_STAKE + 3n, 0n);
    await registry.connect(b).register(MIN_STAKE + 7n, 0n);
    await registry.connect(consensus).updateReputation(a.address, 3_333); // 5000 - ceil(166.7) = 4833
    const repA = (await registry.getValidator(a.address)).reputationBps;
    expect(repA).to.equal(4_833n);
    expect(await registry.weightOf(a.address)).to.equal(expectedWeight(MIN_STAKE + 3n, repA));
    expect(await registry.totalActiveWeight()).to.equal(
      expectedWeight(MIN_STAKE + 3n, repA) + expectedWeight(MIN_STAKE + 7n, 5_000n),
    );
  });
});
