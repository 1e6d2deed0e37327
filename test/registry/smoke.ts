import { expect } from "chai";
import { DAY, loadRegistry, MIN_STAKE, networkHelpers, Status } from "./fixture.js";

describe("ValidatorRegistry smoke", function () {
  it("registers, unbonds and withdraws a validator", async function () {
    const { registry, validators } = await loadRegistry();
    const [alice] = validators;
    await expect(registry.connect(alice).register(MIN_STAKE, 0n))
      .to.emit(registry, "ValidatorRegistered")
      .withArgs(alice.address, MIN_STAKE, 1n);
    expect(await registry.isActive(alice.address)).to.equal(true);
    expect(await registry.totalActiveWeight()).to.equal(MIN_STAKE / 2n);
    await registry.connect(alice).requestUnbond();
    expect((await registry.getValidator(alice.address)).status).to.equal(Status.Unbonding);
    await networkHelpers.time.increase(7n * DAY);
    await expect(registry.connect(alice).withdraw())
      .to.emit(registry, "Withdrawn")
      .withArgs(alice.address, MIN_STAKE);
  });
});
