import { Command, CommanderError } from "commander";
import { assessCommand } from "./commands/assess.js";
import { governanceCommand } from "./commands/governance.js";
import { healthCommand } from "./commands/health.js";
import { requestCommand } from "./commands/request.js";
import { validatorCommand } from "./commands/validator.js";
import { formatCliError } from "./errors.js";

/** Builds the `qcp` program; each command lives in its own file under `commands/`. */
export function buildProgram(): Command {
  const program = new Command("qcp")
    .description("Quality Consensus: validators, requests, governance and checks")
    .showHelpAfterError()
    .exitOverride();
  // Commands register here, one line each.
  program.addCommand(assessCommand());
  validatorCommand(program);
  program.addCommand(governanceCommand());
  program.addCommand(requestCommand());
  program.addCommand(healthCommand());
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`${formatCliError(error)}\n`);
    process.exitCode = 1;
  }
}
