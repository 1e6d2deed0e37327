import { pino, type Logger } from "pino";

export type { Logger };

/**
 * JSON logs on stdout (one object per line) with the validator's address on every line; duties
 * add `requestId`. Keys and passwords are never passed to the logger.
 */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  fd: 1 | 2 = 1,
): Logger {
  return pino(
    {
      level,
      base,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ["privateKey", "password", "*.privateKey", "*.password"],
        censor: "[redacted]",
      },
    },
    pino.destination({ fd, sync: true }),
  );
}
