// piscina worker: runs the pure checks off the main thread (the daemon's loop stays responsive).
import { assess, type AssessInput, type Assessment } from "./checker.js";

export default function run(input: AssessInput): Assessment {
  return assess(input);
}
