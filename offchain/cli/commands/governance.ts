import { Command } from "commander";
import { governanceEvidenceCommand } from "./governanceEvidence.js";
import { governanceParamCommand } from "./governanceParam.js";
import { governanceSlashCommand } from "./governanceSlash.js";

/**
 * `qcp governance`: equivocation evidence, governance slashes and parameter changes. Addresses come
 * from --deployment (or QCP_DEPLOYMENT), the node from --rpc (or QCP_RPC_URL), the key from
 * QCP_PRIVATE_KEY (never printed). Every write is simulated first; --dry-run stops there.
 */
export function governanceCommand(): Command {
  return new Command("governance")
    .description("slashing evidence, governance slashes and parameter changes through the timelock")
    .addCommand(governanceEvidenceCommand())
    .addCommand(governanceSlashCommand())
    .addCommand(governanceParamCommand());
}
