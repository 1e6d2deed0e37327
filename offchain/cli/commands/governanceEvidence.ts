import { Command } from "commander";
import { Wallet } from "ethers";
import { QcpError } from "../errors.js";
import { findEquivocations, readAttestations } from "../../governance/collect.js";
import { deploymentDomain } from "../../governance/context.js";
import {
  buildEvidence,
  parseEvidence,
  parseSignedVote,
  signVote,
  verifyEvidence,
} from "../../governance/evidence.js";
import { toGovernanceError } from "../../governance/errors.js";
import { reportEquivocation } from "../../governance/report.js";
import {
  asQcpError,
  output,
  print,
  privateKeyFromEnv,
  readDeployment,
  withChain,
  withContext,
  withDeployment,
  withWrite,
  type ChainOptions,
} from "./governanceCommon.js";
import { parseInteger, readJsonFile } from "../inputs.js";

function bps(name: string, text: string): number {
  const value = Number(parseInteger(text, name));
  if (value > 10_000) throw new QcpError(`${name} must be in 0..10000 basis points, got ${value}`);
  return value;
}

function signCommand(): Command {
  return withDeployment(
    new Command("sign")
      .description(
        "sign a vote attestation (EIP-712) with QCP_PRIVATE_KEY; offline: needs only the deployment file",
      )
      .requiredOption("--request <id>", "request id")
      .requiredOption("--quality <bps>", "quality score, 0..10000")
      .requiredOption("--risk <bps>", "risk score, 0..10000")
      .requiredOption("--domain <bps>", "domain score, 0..10000")
      .requiredOption("--findings-hash <hex>", "keccak256 of the canonical findings JSON")
      .option("--out <file>", "write the signed vote here instead of stdout"),
  ).action(async (options: ChainOptions & Record<string, string>) => {
    const key = privateKeyFromEnv();
    if (!key) throw new QcpError("signing needs QCP_PRIVATE_KEY");
    const deployment = readDeployment(options);
    const vote = {
      quality: bps("quality", options.quality),
      risk: bps("risk", options.risk),
      domain: bps("domain", options.domain),
      findingsHash: options.findingsHash as `0x${string}`,
    };
    try {
      const signed = await signVote(
        new Wallet(key),
        deploymentDomain(deployment),
        parseInteger(options.request, "request"),
        vote,
      );
      output(signed, options.out);
    } catch (error) {
      asQcpError(error);
    }
  });
}

function buildCommand(): Command {
  return withDeployment(
    new Command("build")
      .description("build equivocation evidence from two signed votes of one validator (offline)")
      .argument("<voteA>", "signed vote JSON {requestId, vote, signature}")
      .argument("<voteB>", "the conflicting signed vote JSON")
      .option("--out <file>", "write the evidence here instead of stdout"),
  ).action(async (fileA: string, fileB: string, options: ChainOptions & { out?: string }) => {
    const domain = deploymentDomain(readDeployment(options));
    try {
      const evidence = buildEvidence(
        domain,
        parseSignedVote(readJsonFile(fileA)),
        parseSignedVote(readJsonFile(fileB)),
      );
      output(evidence, options.out);
    } catch (error) {
      asQcpError(error);
    }
  });
}

function collectCommand(): Command {
  return withDeployment(
    new Command("collect")
      .description(
        "find equivocations among attestations from validators' endpoints " +
          "(http://host:port/attestations/<requestId>?all=1) or JSON files; writes the first as evidence",
      )
      .argument("<sources...>", "attestation URLs or JSON files")
      .option("--out <file>", "write the first evidence found here"),
  ).action(async (sources: string[], options: ChainOptions & { out?: string }) => {
    const domain = deploymentDomain(readDeployment(options));
    const attestations = [];
    for (const source of sources) {
      try {
        attestations.push(...(await readAttestations(source)));
      } catch (error) {
        throw new QcpError(`cannot read attestations from ${source}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
    const found = findEquivocations(domain, attestations);
    if (found.length === 0) {
      throw new QcpError(`no equivocation among ${attestations.length} attestation(s)`);
    }
    if (options.out) output(found[0], options.out);
    print(found);
  });
}

function verifyCommand(): Command {
  return withChain(
    new Command("verify")
      .description(
        "verify evidence: signatures, signer, distinct votes (offline); with --onchain also simulate the report",
      )
      .argument("<evidence>", "evidence JSON {requestId, validator, voteA, sigA, voteB, sigB}")
      .option("--onchain", "also check registration, the evidence window and reuse on chain"),
  ).action(async (file: string, options: ChainOptions & { onchain?: boolean }) => {
    const deployment = readDeployment(options);
    let evidence;
    try {
      evidence = parseEvidence(readJsonFile(file));
    } catch (error) {
      asQcpError(error);
    }
    const verification = verifyEvidence(deploymentDomain(deployment), evidence);
    let onchain: Record<string, unknown> | undefined;
    if (options.onchain && verification.valid) {
      onchain = await withContext(options, false, async (ctx) => {
        try {
          const reporter = privateKeyFromEnv()
            ? new Wallet(privateKeyFromEnv()!).address
            : ctx.deployment.timelock; // any non-zero caller works for a simulation
          const [evidenceId, slashed, reward] = await ctx.manager.reportEquivocation.staticCall(
            BigInt(evidence.requestId),
            evidence.voteA,
            evidence.sigA,
            evidence.voteB,
            evidence.sigB,
            { from: reporter },
          );
          return { reportable: true, evidenceId, slashed, reward };
        } catch (error) {
          const qcp = toGovernanceError(error, "report");
          return { reportable: false, reason: qcp.message, hints: qcp.hints };
        }
      });
    }
    print({ ...verification, ...(onchain ? { onchain } : {}) });
    if (!verification.valid || (onchain && onchain.reportable === false)) process.exitCode = 1;
  });
}

function reportCommand(): Command {
  return withWrite(
    new Command("report")
      .description(
        "submit equivocation evidence (permissionless); the sender receives the reporter reward",
      )
      .argument("<evidence>", "evidence JSON {requestId, validator, voteA, sigA, voteB, sigB}"),
  ).action(async (file: string, options: ChainOptions) => {
    let evidence;
    try {
      evidence = parseEvidence(readJsonFile(file));
    } catch (error) {
      asQcpError(error);
    }
    const result = await withContext(options, true, (ctx) =>
      reportEquivocation(ctx, evidence, { dryRun: options.dryRun }),
    );
    print({ dryRun: result.dryRun, ...result.simulated, txHash: result.txHash });
  });
}

/** `qcp governance evidence ...` */
export function governanceEvidenceCommand(): Command {
  return new Command("evidence")
    .description(
      "equivocation evidence: two different signed votes of one validator on one request",
    )
    .addCommand(signCommand())
    .addCommand(buildCommand())
    .addCommand(collectCommand())
    .addCommand(verifyCommand())
    .addCommand(reportCommand());
}
