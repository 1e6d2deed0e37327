import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { keccak256 } from "ethers";
import { QcpError } from "../errors.js";
import {
  executeScheduledProposal,
  executeSlash,
  listSlashes,
  proposeSlash,
  vetoSlash,
  type ProposeSlashParameters,
} from "../../governance/slashes.js";
import { print, withChain, withContext, withWrite, type ChainOptions } from "./governanceCommon.js";
import { parseInteger } from "../inputs.js";

interface ProposeCliOptions extends ChainOptions {
  validator: string;
  bps: string;
  evidenceFile?: string;
  evidenceHash?: string;
  uri: string;
  via: "auto" | "direct" | "timelock";
  salt?: string;
  timelockExecute?: boolean;
}

function proposalParameters(options: ProposeCliOptions): ProposeSlashParameters {
  if (!options.evidenceFile === !options.evidenceHash) {
    throw new QcpError("give exactly one of --evidence-file and --evidence-hash");
  }
  let evidenceHash = options.evidenceHash;
  if (options.evidenceFile) {
    try {
      evidenceHash = keccak256(readFileSync(options.evidenceFile));
    } catch (error) {
      throw new QcpError(`cannot read ${options.evidenceFile}: ${(error as Error).message}`);
    }
  }
  return {
    validator: options.validator,
    slashBps: Number(parseInteger(options.bps, "--bps")),
    evidenceHash: evidenceHash!,
    evidenceURI: options.uri,
  };
}

function proposeCommand(): Command {
  return withWrite(
    new Command("propose")
      .description(
        "propose slashing a share of a validator's stake. The governor is the timelock: this schedules " +
          "proposeSlash on it; after the timelock delay run the same command with --timelock-execute. " +
          "The proposal then waits out the veto window before anyone can execute it.",
      )
      .requiredOption("--validator <address>", "validator to slash")
      .requiredOption("--bps <n>", "share of the snapshotted stake, 1..9000 basis points")
      .option("--evidence-file <file>", "evidence document; its keccak256 is recorded on chain")
      .option(
        "--evidence-hash <hex>",
        "keccak256 of the evidence document (instead of --evidence-file)",
      )
      .option("--uri <uri>", "where the evidence document can be read", "")
      .addOption(
        new Option("--via <route>", "direct call (signer holds GOVERNOR_ROLE) or timelock")
          .choices(["auto", "direct", "timelock"])
          .default("auto"),
      )
      .option("--salt <hex>", "timelock salt (default: hash of the call's description)")
      .option(
        "--timelock-execute",
        "execute the scheduled timelock operation, creating the proposal",
      ),
  ).action(async (options: ProposeCliOptions) => {
    const params = proposalParameters(options);
    const result = await withContext(options, true, async (ctx) => {
      if (options.timelockExecute) {
        const executed = await executeScheduledProposal(ctx, params, {
          dryRun: options.dryRun,
          salt: options.salt,
        });
        return { ...executed, simulated: { route: "timelock-execute", ...executed.simulated } };
      }
      return proposeSlash(ctx, params, {
        dryRun: options.dryRun,
        via: options.via,
        salt: options.salt,
      });
    });
    print({ dryRun: result.dryRun, ...result.simulated, txHash: result.txHash });
  });
}

function vetoCommand(): Command {
  return withWrite(
    new Command("veto")
      .description("veto a proposal during its veto window (sender must hold VETO_ROLE)")
      .argument("<proposalId>", "proposal id"),
  ).action(async (id: string, options: ChainOptions) => {
    const proposalId = parseInteger(id, "proposalId");
    const result = await withContext(options, true, (ctx) =>
      vetoSlash(ctx, proposalId, { dryRun: options.dryRun }),
    );
    print({ dryRun: result.dryRun, ...result.simulated, txHash: result.txHash });
  });
}

function executeCommand(): Command {
  return withWrite(
    new Command("execute")
      .description("execute a proposal once its veto window is over (anyone may)")
      .argument("<proposalId>", "proposal id"),
  ).action(async (id: string, options: ChainOptions) => {
    const proposalId = parseInteger(id, "proposalId");
    const result = await withContext(options, true, (ctx) =>
      executeSlash(ctx, proposalId, { dryRun: options.dryRun }),
    );
    print({ dryRun: result.dryRun, ...result.simulated, txHash: result.txHash });
  });
}

function listCommand(): Command {
  return withChain(
    new Command("list")
      .description("list governance slash proposals (from events) with their current state")
      .option("--from-block <n>", "first block to scan (default: the deployment block)"),
  ).action(async (options: ChainOptions & { fromBlock?: string }) => {
    const fromBlock =
      options.fromBlock === undefined
        ? undefined
        : Number(parseInteger(options.fromBlock, "--from-block"));
    const rows = await withContext(options, false, (ctx) => listSlashes(ctx, { fromBlock }));
    print(rows);
  });
}

/** `qcp governance slash ...` */
export function governanceSlashCommand(): Command {
  return new Command("slash")
    .description("governance slashes: propose (through the timelock), veto, execute, list")
    .addCommand(proposeCommand())
    .addCommand(vetoCommand())
    .addCommand(executeCommand())
    .addCommand(listCommand());
}
