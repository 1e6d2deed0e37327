// piscina worker entry: worker threads do not inherit the CLI's TypeScript loader, so register
// tsx here, then load the pure checks (assessWorker.ts) once per thread.
import { register } from "tsx/esm/api";

register();
const { default: run } = await import("./assessWorker.ts");

export default run;
