import { Command } from "commander";
import {
  PARAMETERS,
  executeParameterChange,
  findParameter,
  listParameters,
  parseParameterValue,
  proposeParameterChange,
} from "../../governance/params.js";
import { print, withChain, withContext, withWrite, type ChainOptions } from "./governanceCommon.js";

const NAMES = PARAMETERS.map((p) => p.name).join(", ");

interface ParamCliOptions extends ChainOptions {
  salt?: string;
}

function proposeCommand(): Command {
  return withWrite(
    new Command("propose")
      .description(
        "schedule a bounded parameter change on the timelock (bounds checked first); " +
          "run `param execute` with the same arguments after the delay",
      )
      .argument("<name>", `parameter: ${NAMES}`)
      .argument("<value>", "new value: integer; seconds also as 90s, 30m, 6h, 2d")
      .option("--salt <hex>", "timelock salt (default: hash of the call's description)"),
  ).action(async (name: string, text: string, options: ParamCliOptions) => {
    const value = parseParameterValue(findParameter(name), text);
    const result = await withContext(options, true, (ctx) =>
      proposeParameterChange(ctx, name, value, { dryRun: options.dryRun, salt: options.salt }),
    );
    print({ dryRun: result.dryRun, ...result.simulated, txHash: result.txHash });
  });
}

function executeCommand(): Command {
  return withWrite(
    new Command("execute")
      .description("execute a scheduled parameter change once the timelock delay has passed")
      .argument("<name>", `parameter: ${NAMES}`)
      .argument("<value>", "the value given to `param propose`")
      .option("--salt <hex>", "the salt given to `param propose`, if any"),
  ).action(async (name: string, text: string, options: ParamCliOptions) => {
    const value = parseParameterValue(findParameter(name), text);
    const result = await withContext(options, true, (ctx) =>
      executeParameterChange(ctx, name, value, { dryRun: options.dryRun, salt: options.salt }),
    );
    print({ dryRun: result.dryRun, ...result.simulated, txHash: result.txHash });
  });
}

function listCommand(): Command {
  return withChain(
    new Command("list").description("every governable parameter with its value and bounds"),
  ).action(async (options: ChainOptions) => {
    print(await withContext(options, false, (ctx) => listParameters(ctx)));
  });
}

/** `qcp governance param ...` */
export function governanceParamCommand(): Command {
  return new Command("param")
    .description("bounded parameter changes through the timelock")
    .addCommand(proposeCommand())
    .addCommand(executeCommand())
    .addCommand(listCommand());
}
