/**
 * Deploys the whole protocol (token, registry, consensus, timelock, SlashingManager) to the network
 * Hardhat is pointed at and writes the deployment file; optionally registers validators from the
 * node's own accounts and submits one sample request, so that the governance commands have
 * something to act on.
 *
 *   npx hardhat node &
 *   QCP_DEPLOYMENT=deployment.local.json QCP_SETUP_VALIDATORS=5 \
 *     npx hardhat run scripts/deployLocal.ts --network localhost
 *
 * Environment: QCP_DEPLOYMENT (output file, default deployment.local.json), QCP_TIMELOCK_DELAY
 * (seconds, default 60), QCP_SETUP_VALIDATORS (default 0: accounts 5.. register 4000 tokens each;
 * with 4 or more a sample request is submitted by account 2). Account 0 deploys and is the timelock
 * proposer; account 1 holds VETO_ROLE. Local chains only: the stake token has an open mint.
 */
import { network } from "hardhat";
import { saveDeployment } from "../offchain/config/deployment.js";
import { deployProtocol } from "./deployGovernance.js";
import { registerValidators, submitSampleRequest } from "./setupProtocol.js";

const TOKEN = 10n ** 18n;
const out = process.env.QCP_DEPLOYMENT ?? "deployment.local.json";
const validatorCount = Number(process.env.QCP_SETUP_VALIDATORS ?? "0");

const { ethers } = await network.create();
const signers = await ethers.getSigners();
const d = await deployProtocol(ethers, {
  admin: signers[0],
  powDifficultyBits: 0,
  minDelay: BigInt(process.env.QCP_TIMELOCK_DELAY ?? "60"),
  vetoer: signers[1].address,
});
saveDeployment(out, d.deployment);
console.log(`deployed; wrote ${out}`);
console.log(JSON.stringify(d.deployment, null, 2));

for (const v of signers.slice(5, 5 + validatorCount)) {
  await registerValidators(d, [v], {
    mint: 10_000n * TOKEN,
    stake: 4_000n * TOKEN,
    approve: ethers.MaxUint256,
  });
  console.log(`registered validator ${v.address} with 4000 tokens`);
}
if (validatorCount >= 4) {
  const requestId = await submitSampleRequest(d, signers[2], {
    fee: 10n * TOKEN,
    mint: 1_000n * TOKEN,
    approve: ethers.MaxUint256,
  });
  console.log(`submitted request ${requestId}`);
}
