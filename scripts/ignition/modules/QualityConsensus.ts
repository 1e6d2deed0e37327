import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { keccak256, stringToBytes } from "viem";

/** First account of Hardhat's default mnemonic: the local default treasury. */
const HARDHAT_ACCOUNT_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

const role = (name: string) => keccak256(stringToBytes(name));

export interface QualityConsensusModuleOptions {
  /** Deploy TestStakeToken (open mint: local chains only) instead of using the `stakeToken` parameter. */
  deployTestToken: boolean;
}

/**
 * Builds the "QualityConsensus" Ignition module: stake token (TestStakeToken when
 * `deployTestToken`, else the `stakeToken` parameter), ValidatorRegistry and QualityConsensus, with
 * the consensus granted CONSENSUS_ROLE and SLASHER_ROLE on the registry. The deployer (account 0)
 * is the admin of both contracts.
 *
 * Parameters (all optional except `stakeToken` without the test token):
 * powDifficultyBits (default 20), treasury (default Hardhat account 0), commitWindow and
 * revealWindow (seconds, default 120), stakeToken (address).
 *
 * Ignition cannot branch on parameter values, so the choice of token is made when the module is built.
 */
export function buildQualityConsensusModule({ deployTestToken }: QualityConsensusModuleOptions) {
  return buildModule("QualityConsensus", (m) => {
    const admin = m.getAccount(0);
    const token = deployTestToken
      ? m.contract("TestStakeToken", [])
      : m.contractAt("TestStakeToken", m.getParameter<string>("stakeToken"));
    const registry = m.contract("ValidatorRegistry", [
      token,
      m.getParameter("treasury", HARDHAT_ACCOUNT_0),
      admin,
      m.getParameter("powDifficultyBits", 20),
    ]);
    const consensus = m.contract("QualityConsensus", [registry, admin]);
    m.call(registry, "grantRole", [role("CONSENSUS_ROLE"), consensus], {
      id: "GrantConsensusRole",
    });
    m.call(registry, "grantRole", [role("SLASHER_ROLE"), consensus], { id: "GrantSlasherRole" });
    m.call(consensus, "setCommitWindow", [m.getParameter("commitWindow", 120)]);
    m.call(consensus, "setRevealWindow", [m.getParameter("revealWindow", 120)]);
    return { token, registry, consensus };
  });
}

/**
 * Local chains: deploys TestStakeToken too.
 * `npx hardhat ignition deploy scripts/ignition/modules/QualityConsensus.ts --parameters params.json`
 */
const QualityConsensusModule = buildQualityConsensusModule({ deployTestToken: true });
export default QualityConsensusModule;

/** Public chains: uses the `stakeToken` parameter; see QualityConsensusExternalToken.ts. */
export const QualityConsensusExternalTokenModule = buildQualityConsensusModule({
  deployTestToken: false,
});
