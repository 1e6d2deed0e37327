import { expect } from "chai";
import { network } from "hardhat";
import QualityConsensusModule from "../../scripts/ignition/modules/QualityConsensus.js";
import { deployQualityConsensus } from "../../scripts/deploy.js";

describe("deployment", function () {
  it("the Ignition module deploys token, registry and consensus and wires the roles", async function () {
    const { ethers, ignition } = await network.create();
    const [admin, treasury] = await ethers.getSigners();
    const { token, registry, consensus } = await ignition.deploy(QualityConsensusModule, {
      parameters: {
        QualityConsensus: {
          powDifficultyBits: 0,
          treasury: treasury.address,
          commitWindow: 60,
          revealWindow: 90,
        },
      },
    });
    const consensusAddress = await consensus.getAddress();
    expect(await registry.stakeToken()).to.equal(await token.getAddress());
    expect(await registry.treasury()).to.equal(treasury.address);
    expect(await registry.powDifficultyBits()).to.equal(0n);
    expect(await registry.hasRole(await registry.CONSENSUS_ROLE(), consensusAddress)).to.equal(
      true,
    );
    expect(await registry.hasRole(await registry.SLASHER_ROLE(), consensusAddress)).to.equal(true);
    expect(await consensus.registry()).to.equal(await registry.getAddress());
    expect(await consensus.commitWindow()).to.equal(60n);
    expect(await consensus.revealWindow()).to.equal(90n);
    expect(await consensus.hasRole(await consensus.PARAMETER_ROLE(), admin.address)).to.equal(true);
  });

  it("deployQualityConsensus reuses a given stake token and sets the windows", async function () {
    const { ethers } = await network.create();
    const first = await deployQualityConsensus(ethers);
    const second = await deployQualityConsensus(ethers, {
      stakeToken: first.addresses.token,
      commitWindow: 30n,
      revealWindow: 45n,
    });
    expect(second.addresses.token).to.equal(first.addresses.token);
    expect(await second.registry.stakeToken()).to.equal(first.addresses.token);
    expect(await second.consensus.commitWindow()).to.equal(30n);
    expect(await second.consensus.revealWindow()).to.equal(45n);
    expect(
      await second.registry.hasRole(
        await second.registry.CONSENSUS_ROLE(),
        second.addresses.consensus,
      ),
    ).to.equal(true);
  });
});
