import { expect } from "chai";
import {
  ethers,
  expectedWeight,
  loadRegistry,
  MIN_STAKE,
  networkHelpers,
  TOKEN,
} from "./fixture.js";

/** A full active set of 100 validators: the bound every loop in the registry relies on. */
async function fullRegistry() {
  const f = await loadRegistry();
  await f.registry.connect(f.admin).setRegistrationRateLimit(3_600, 100);
  const registryAddress = f.registryAddress;
  const wallets = [];
  for (let i = 0; i < 100; i++) {
    const wallet = ethers.Wallet.createRandom().connect(ethers.provider);
    await networkHelpers.setBalance(wallet.address, 10n ** 18n);
    const stake = MIN_STAKE + BigInt(i) * 1_500n * TOKEN;
    await f.token.mint(wallet.address, stake);
    await f.token.connect(wallet).approve(registryAddress, stake);
    await f.registry.connect(wallet).register(stake, 0n);
    wallets.push({ wallet, stake });
  }
  return { ...f, wallets };
}

describe("ValidatorRegistry: a full active set of 100", function () {
  it("rejects the 101st validator and keeps every per-set operation well inside a block", async function () {
    const { registry, admin, consensus, validators, wallets } = await fullRegistry();
    expect(await registry.activeValidatorCount()).to.equal(100n);
    await expect(registry.connect(validators[0]).register(MIN_STAKE, 0n))
      .to.be.revertedWithCustomError(registry, "RegistryFull")
      .withArgs(100n);

    // Recomputing the total over 100 validators.
    const cap = 50_000n * TOKEN;
    const capTx = await registry.connect(admin).setMaxEffectiveStake(cap);
    const capGas = (await capTx.wait())!.gasUsed;
    let expected = 0n;
    for (const { stake } of wallets) expected += expectedWeight(stake, 5_000n, cap);
    expect(await registry.totalActiveWeight()).to.equal(expected);

    // One finalization's reputation batch for a 100-member committee.
    const repTx = await registry.connect(consensus).updateReputations(
      wallets.map(({ wallet }) => wallet.address),
      wallets.map((_, i) => (i * 97) % 10_001),
    );
    const repGas = (await repTx.wait())!.gasUsed;
    let sum = 0n;
    for (const { wallet } of wallets) sum += await registry.weightOf(wallet.address);
    expect(await registry.totalActiveWeight()).to.equal(sum);

    // Both fit comfortably in a 30M-gas block (measured: see the report).
    expect(capGas < 3_000_000n, `setMaxEffectiveStake gas ${capGas}`).to.equal(true);
    expect(repGas < 3_000_000n, `updateReputations gas ${repGas}`).to.equal(true);
    expect((await registry.activeValidators()).length).to.equal(100);
  });
});
