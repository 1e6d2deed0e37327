/** An error meant for a person: a short message plus lines saying what to do (viem's BaseError style). */
export class QcpError extends Error {
  readonly hints: readonly string[];

  constructor(message: string, options: { hints?: string[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "QcpError";
    this.hints = options.hints ?? [];
  }
}

export function formatCliError(error: unknown): string {
  if (error instanceof QcpError) {
    return [`error: ${error.message}`, ...error.hints.map((hint) => `  hint: ${hint}`)].join("\n");
  }
  if (error instanceof Error) return `error: ${error.message}`;
  return `error: ${String(error)}`;
}
