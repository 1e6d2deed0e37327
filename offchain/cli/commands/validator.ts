import type { Command } from "commander";
import { validatorActionCommands } from "./validatorActions.js";
import { validatorKeystoreCommand } from "./validatorKeystore.js";
import { validatorRegisterCommand } from "./validatorRegister.js";
import { validatorStartCommand } from "./validatorStart.js";
import { validatorStatusCommand } from "./validatorStatus.js";

/** `qcp validator ...`: run and operate a validator. */
export function validatorCommand(program: Command): void {
  const validator = program
    .command("validator")
    .description("run and operate a validator: start, register, status, unbond, withdraw, claim");
  validatorStartCommand(validator);
  validatorRegisterCommand(validator);
  validatorStatusCommand(validator);
  validatorActionCommands(validator);
  validatorKeystoreCommand(validator);
}
