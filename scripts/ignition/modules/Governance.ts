import { buildModule } from "@nomicfoundation/ignition-core";
import { keccak256, stringToBytes, zeroAddress, zeroHash } from "viem";
import QualityConsensusModule, { QualityConsensusExternalTokenModule } from "./QualityConsensus.js";

const role = (name: string) => keccak256(stringToBytes(name));

/**
 * Builds the "Governance" Ignition module on top of the "QualityConsensus" module: an OpenZeppelin
 * TimelockController (QcpTimelock) and the SlashingManager, wired so that
 * - the SlashingManager holds SLASHER_ROLE on the registry;
 * - the timelock holds GOVERNOR_ROLE and PARAMETER_ROLE of the SlashingManager, PARAMETER_ROLE of
 *   the registry and the consensus, and DEFAULT_ADMIN_ROLE of all three;
 * - the `vetoer` holds VETO_ROLE (a separate guardian, outside the timelock: a veto must be fast).
 *
 * Parameters: minDelay (seconds, default 60; production: days), proposer (default account 0),
 * executor (default the zero address: anyone may execute a ready operation), vetoer (default
 * account 1). The deployer keeps the admin roles the QualityConsensus module gave it; on a public
 * chain renounce them after checking the deployment, so that only the timelock governs.
 */
export function buildGovernanceModule(qualityConsensus: typeof QualityConsensusModule) {
  return buildModule("Governance", (m) => {
    const { token, registry, consensus } = m.useModule(qualityConsensus);
    const deployer = m.getAccount(0);
    const proposer = m.getParameter("proposer", deployer);
    const executor = m.getParameter<string>("executor", zeroAddress);
    const vetoer = m.getParameter("vetoer", m.getAccount(1));
    const timelock = m.contract("QcpTimelock", [
      m.getParameter("minDelay", 60),
      [proposer],
      [executor],
      zeroAddress,
    ]);
    const slashingManager = m.contract("SlashingManager", [registry, consensus, deployer]);

    m.call(registry, "grantRole", [role("SLASHER_ROLE"), slashingManager], {
      id: "GrantRegistrySlasherToManager",
    });
    m.call(slashingManager, "grantRole", [role("GOVERNOR_ROLE"), timelock], {
      id: "GrantManagerGovernorToTimelock",
    });
    m.call(slashingManager, "grantRole", [role("PARAMETER_ROLE"), timelock], {
      id: "GrantManagerParameterToTimelock",
    });
    m.call(slashingManager, "grantRole", [role("VETO_ROLE"), vetoer], {
      id: "GrantManagerVetoToVetoer",
    });
    m.call(registry, "grantRole", [role("PARAMETER_ROLE"), timelock], {
      id: "GrantRegistryParameterToTimelock",
    });
    m.call(consensus, "grantRole", [role("PARAMETER_ROLE"), timelock], {
      id: "GrantConsensusParameterToTimelock",
    });
    m.call(slashingManager, "grantRole", [zeroHash, timelock], {
      id: "GrantManagerAdminToTimelock",
    });
    m.call(registry, "grantRole", [zeroHash, timelock], { id: "GrantRegistryAdminToTimelock" });
    m.call(consensus, "grantRole", [zeroHash, timelock], { id: "GrantConsensusAdminToTimelock" });
    return { token, registry, consensus, timelock, slashingManager };
  });
}

/**
 * Local chains (TestStakeToken):
 * `npx hardhat ignition deploy scripts/ignition/modules/Governance.ts --network localhost --parameters params.json`
 */
const GovernanceModule = buildGovernanceModule(QualityConsensusModule);
export default GovernanceModule;

/** Public chains: the stake token is the QualityConsensus module's `stakeToken` parameter. */
export const GovernanceExternalTokenModule = buildGovernanceModule(
  QualityConsensusExternalTokenModule,
);
