import { expect } from "chai";
import GovernanceModule from "../../scripts/ignition/modules/Governance.js";
import { deployProtocol } from "../../scripts/deployGovernance.js";
import type {
  QcpTimelock,
  QualityConsensus,
  SlashingManager,
  ValidatorRegistry,
} from "../../typechain-types/index.js";
import { DAY, HOUR, Roles, ethers, networkHelpers } from "./fixture.js";
import { network } from "hardhat";

const PARAMETER = ethers.id("PARAMETER_ROLE");
const PROPOSER = ethers.id("PROPOSER_ROLE");
const EXECUTOR = ethers.id("EXECUTOR_ROLE");

interface Wired {
  registry: ValidatorRegistry;
  consensus: QualityConsensus;
  timelock: QcpTimelock;
  slashingManager: SlashingManager;
}

/** The role layout both deploy paths must produce. */
async function expectWiring(c: Wired, vetoer: string, proposer: string, delay: bigint) {
  const timelock = await c.timelock.getAddress();
  const manager = await c.slashingManager.getAddress();
  expect(await c.registry.hasRole(Roles.SLASHER, manager)).to.equal(true);
  expect(await c.slashingManager.hasRole(Roles.GOVERNOR, timelock)).to.equal(true);
  expect(await c.slashingManager.hasRole(Roles.PARAMETER, timelock)).to.equal(true);
  expect(await c.slashingManager.hasRole(Roles.VETO, vetoer)).to.equal(true);
  expect(await c.slashingManager.hasRole(Roles.VETO, timelock)).to.equal(false);
  expect(await c.registry.hasRole(PARAMETER, timelock)).to.equal(true);
  expect(await c.consensus.hasRole(PARAMETER, timelock)).to.equal(true);
  for (const contract of [c.registry, c.consensus, c.slashingManager]) {
    expect(await contract.hasRole(Roles.DEFAULT_ADMIN, timelock)).to.equal(true);
  }
  expect(await c.timelock.hasRole(PROPOSER, proposer)).to.equal(true);
  expect(await c.timelock.hasRole(EXECUTOR, ethers.ZeroAddress)).to.equal(true);
  expect(await c.timelock.getMinDelay()).to.equal(delay);
  expect(await c.slashingManager.registry()).to.equal(await c.registry.getAddress());
  expect(await c.slashingManager.consensus()).to.equal(await c.consensus.getAddress());
}

describe("Governance wiring", function () {
  it("the Ignition module deploys and wires the timelock, the manager and the veto address", async function () {
    const connection = await network.create();
    const [deployer, , , vetoer] = await connection.ethers.getSigners();
    const deployed = (await connection.ignition.deploy(GovernanceModule, {
      parameters: {
        QualityConsensus: { powDifficultyBits: 0 },
        Governance: { minDelay: 1, vetoer: vetoer.address },
      },
    })) as unknown as Wired;
    await expectWiring(deployed, vetoer.address, deployer.address, 1n);
  });

  it("the plain deploy function wires exactly the same roles", async function () {
    const [deployer, vetoer] = await ethers.getSigners();
    const deployed = await deployProtocol(ethers, { minDelay: 60n, vetoer: vetoer.address });
    await expectWiring(
      { ...deployed, slashingManager: deployed.slashingManager },
      vetoer.address,
      deployer.address,
      60n,
    );
    expect(deployed.deployment.slashingManager).to.equal(
      await deployed.slashingManager.getAddress(),
    );
  });

  it("a parameter change goes through the timelock only after its delay", async function () {
    const [deployer, vetoer, outsider] = await ethers.getSigners();
    const { slashingManager, timelock } = await deployProtocol(ethers, {
      minDelay: 60n,
      vetoer: vetoer.address,
    });
    // The timelock, not the deployer, holds PARAMETER_ROLE of the manager.
    await expect(slashingManager.connect(deployer).setSlashVetoWindow(HOUR))
      .to.be.revertedWithCustomError(slashingManager, "AccessControlUnauthorizedAccount")
      .withArgs(deployer.address, Roles.PARAMETER);
    const target = await slashingManager.getAddress();
    const data = slashingManager.interface.encodeFunctionData("setSlashVetoWindow", [HOUR]);
    const salt = ethers.id("veto window 1h");
    await timelock.schedule(target, 0n, data, ethers.ZeroHash, salt, 60n);
    const id = await timelock.hashOperation(target, 0n, data, ethers.ZeroHash, salt);
    await expect(timelock.connect(outsider).execute(target, 0n, data, ethers.ZeroHash, salt))
      .to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState")
      .withArgs(id, ethers.toBeHex(1n << 2n, 32));
    expect(await slashingManager.slashVetoWindow()).to.equal(2n * DAY);
    await networkHelpers.time.increase(60n);
    await timelock.connect(outsider).execute(target, 0n, data, ethers.ZeroHash, salt);
    expect(await slashingManager.slashVetoWindow()).to.equal(HOUR);
  });
});
