#!/usr/bin/env node
// Entry point of the `qcp` command: loads the TypeScript CLI through tsx.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../offchain/cli/main.ts");
await main(process.argv);
