import { Command } from "commander";
import type { QcpClientBase } from "../../client/client.js";
import { isoTime } from "../../client/errors.js";
import { finalizeRequest } from "../../client/finalizeRequest.js";
import { getPhase } from "../../client/getPhase.js";
import { getRequest } from "../../client/getRequest.js";
import { getResult } from "../../client/getResult.js";
import { simulateSubmitRequest } from "../../client/simulateSubmitRequest.js";
import { submitRequest } from "../../client/submitRequest.js";
import { phaseName, type QcpResult } from "../../client/types.js";
import { waitForResult } from "../../client/waitForResult.js";
import { jsonReplacer } from "../../health/format.js";
import {
  connectFromOptions,
  formatTokens,
  parseTokens,
  tokenDecimals,
  withConnectionOptions,
  type ConnectionOptions,
} from "../clientOptions.js";
import { parseInteger, readJsonFile } from "../inputs.js";

interface SubmitOptions extends ConnectionOptions {
  readonly fee: string;
  readonly domain?: string;
  readonly uri?: string;
  readonly wait?: boolean;
  readonly timeout: string;
  readonly json?: boolean;
  readonly dryRun?: boolean;
}

interface StatusOptions extends ConnectionOptions {
  readonly json?: boolean;
}

/**
 * The payload in a file: either a payload itself or a labelled dev-set example
 * (`{id, payload, expect}`), whose `payload` is what a client submits.
 */
export function payloadFromFile(json: unknown): unknown {
  if (json !== null && typeof json === "object" && !("schema" in json) && "payload" in json) {
    return (json as { payload: unknown }).payload;
  }
  return json;
}

const bps = (value: number) => `${(value / 100).toFixed(2)} %`;

function resultLines(result: QcpResult): string[] {
  if (!result.finalized) return ["result: not finalized yet"];
  return [
    `outcome: ${result.outcomeName}${result.contested ? " (contested)" : ""}`,
    `scores: quality ${bps(result.quality)}, risk ${bps(result.risk)}, domain ${bps(result.domain)}`,
    `agreement ${bps(result.agreementBps)}, participation ${bps(result.participationBps)}, finalized at ${isoTime(result.finalizedAt)}`,
  ];
}

const print = (lines: string[]) => process.stdout.write(`${lines.join("\n")}\n`);

async function submit(file: string, options: SubmitOptions): Promise<void> {
  const payload = payloadFromFile(readJsonFile(file));
  const client = await connectFromOptions(options, { write: true });
  const decimals = await tokenDecimals(client);
  const fee = parseTokens(options.fee, decimals, "--fee");
  const timeoutS = Number(parseInteger(options.timeout, "--timeout"));
  if (options.dryRun) {
    const plan = await simulateSubmitRequest(client, {
      payload,
      fee,
      domain: options.domain,
      uri: options.uri,
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ dryRun: true, ...plan }, jsonReplacer, 2)}\n`);
      return;
    }
    const { prepared } = plan;
    print([
      "dry run: nothing sent",
      `outputHash ${prepared.outputHash}, domain ${prepared.domain}, ${prepared.payloadBytes} bytes ${prepared.inline ? "inline" : `by uri ${prepared.uri}`}`,
      `sender ${plan.sender}: balance ${formatTokens(plan.balance, decimals)}, allowance ${formatTokens(plan.allowance, decimals)}, fee ${formatTokens(fee, decimals)}`,
      plan.needsApproval
        ? `would approve ${formatTokens(fee, decimals)} for the consensus contract, then submit`
        : `would submit as request ${plan.requestId}`,
    ]);
    return;
  }
  const submitted = await submitRequest(client, {
    payload,
    fee,
    domain: options.domain,
    uri: options.uri,
  });
  if (!options.json) {
    print([
      `submitted request ${submitted.requestId} in block ${submitted.blockNumber} (tx ${submitted.transactionHash})`,
      `outputHash ${submitted.outputHash}, ${submitted.payloadBytes} bytes ${submitted.inline ? "inline" : "by uri"}, fee ${formatTokens(fee, decimals)}${submitted.approvalTransactionHash ? " (approved first)" : ""}`,
      `committee of ${submitted.committeeSize}; commit until ${isoTime(submitted.commitDeadline)}, reveal until ${isoTime(submitted.revealDeadline)}`,
    ]);
  }
  let result: QcpResult | undefined;
  if (options.wait) {
    result = await waitForResult(client, {
      requestId: submitted.requestId,
      timeoutMs: timeoutS * 1000,
      // With --json, stdout carries only the final object.
      onPhase: ({ phaseName }) =>
        (options.json ? process.stderr : process.stdout).write(`phase: ${phaseName}\n`),
    });
    if (!options.json) print(resultLines(result));
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...submitted, fee, result }, jsonReplacer, 2)}\n`);
  }
}

async function status(id: string, options: StatusOptions): Promise<void> {
  const requestId = parseInteger(id, "request id");
  const client: QcpClientBase = await connectFromOptions(options, { write: false });
  const request = await getRequest(client, { requestId });
  const phase = await getPhase(client, { requestId });
  const result = await getResult(client, { requestId });
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ requestId, phase: phaseName(phase), request, result }, jsonReplacer, 2)}\n`,
    );
    return;
  }
  const decimals = await tokenDecimals(client);
  print([
    `request ${requestId}: phase ${phaseName(phase)}`,
    `domain ${request.domain}, submitter ${request.submitter}, fee ${formatTokens(request.fee, decimals)}`,
    `outputHash ${request.outputHash}`,
    `committee ${request.committeeSize} (epoch ${request.epoch}): ${request.commitCount} committed, ${request.revealCount} revealed`,
    `commit until ${isoTime(request.commitDeadline)}, reveal until ${isoTime(request.revealDeadline)}`,
    ...resultLines(result),
  ]);
}

async function finalize(id: string, options: StatusOptions): Promise<void> {
  const requestId = parseInteger(id, "request id");
  const client = await connectFromOptions(options, { write: true });
  const finalized = await finalizeRequest(client, { requestId });
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ requestId, ...finalized }, jsonReplacer, 2)}\n`);
    return;
  }
  print([
    `finalized request ${requestId} (tx ${finalized.transactionHash}${finalized.committee ? `, committee of ${finalized.committee.length} passed: the active set changed` : ""})`,
    ...resultLines(finalized.result),
  ]);
}

/** `qcp request submit|status|finalize`: a thin CLI over offchain/client. */
export function requestCommand(): Command {
  const command = new Command("request").description(
    "submit AI outputs for judgement and read verdicts",
  );
  withConnectionOptions(
    command
      .command("submit")
      .description(
        "submit a payload (or a labelled dev-set example's payload); the key comes from QCP_PRIVATE_KEY",
      )
      .argument(
        "<payload.json>",
        "qcp/request@1 payload, or a labelled example with a `payload` key",
      )
      .option("--fee <tokens>", "fee escrowed in stake tokens", "10")
      .option("--domain <domain>", "domain (default: the payload's)")
      .option("--uri <uri>", "where validators fetch the payload (required above 24 KiB)")
      .option("--wait", "wait for the result, printing phase changes")
      .option("--timeout <seconds>", "give up waiting after this long", "600")
      .option("--dry-run", "canonicalize, hash, check the fee and simulate; send nothing")
      .option("--json", "print one JSON object"),
  ).action(submit);
  withConnectionOptions(
    command
      .command("status")
      .description("phase, committee progress and result of a request")
      .argument("<id>", "request id")
      .option("--json", "print one JSON object"),
  ).action(status);
  withConnectionOptions(
    command
      .command("finalize")
      .description(
        "finalize a request whose voting is over (anyone may; the key comes from QCP_PRIVATE_KEY)",
      )
      .argument("<id>", "request id")
      .option("--json", "print one JSON object"),
  ).action(finalize);
  return command;
}
