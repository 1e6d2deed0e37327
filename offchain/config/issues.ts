import type { z } from "zod";

/** `network.rpc_urls[1]` from zod's path `["network", "rpc_urls", 1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(root)" : out;
}

/** One line per problem, each naming its key, e.g. `network.rpc_urls[1]: must be a URL`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    let message = issue.message;
    if (issue.code === "unrecognized_keys") {
      message = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    }
    return `${formatPath(issue.path)}: ${message}`;
  });
}
