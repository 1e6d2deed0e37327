import type { DaemonMetrics } from "./types.js";

/** One sample of the Prometheus text exposition format. */
export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses Prometheus text (version 0.0.4); comments and malformed lines are skipped. */
export function parsePrometheus(text: string): PromSample[] {
  const out: PromSample[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const l of (match[2] ?? "").matchAll(LABEL)) {
      labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    }
    const value = Number(match[3]);
    if (Number.isNaN(value)) continue;
    out.push({ name: match[1], labels, value });
  }
  return out;
}

const sum = (samples: readonly PromSample[], name: string) =>
  samples.filter((s) => s.name === name).reduce((acc, s) => acc + s.value, 0);

/** The validator daemon's metrics (offchain/validator/metrics.ts) that the health report uses. */
export function summarizeDaemonMetrics(
  url: string,
  samples: readonly PromSample[],
  now: number,
): DaemonMetrics {
  const votes: Record<string, number> = {};
  for (const s of samples.filter((x) => x.name === "qcp_votes_total")) {
    const k = `${s.labels.action ?? "?"}/${s.labels.result ?? "?"}`;
    votes[k] = (votes[k] ?? 0) + s.value;
  }
  const lastSuccess = samples
    .filter((s) => s.name === "qcp_last_success_timestamp_seconds" && s.value > 0)
    .reduce((acc, s) => Math.max(acc, s.value), 0);
  const lags = samples.filter((s) => s.name === "qcp_head_lag_blocks").map((s) => s.value);
  return {
    url,
    up: true,
    votes,
    votesMissed: sum(samples, "qcp_votes_missed_total"),
    finalizeCalls: sum(samples, "qcp_finalize_calls_total"),
    rpcErrors: sum(samples, "qcp_rpc_errors_total"),
    rpcDisagreements: sum(samples, "qcp_rpc_disagreements_total"),
    maxHeadLagBlocks: lags.length === 0 ? 0 : Math.max(...lags),
    tickErrors: sum(samples, "qcp_tick_errors_total"),
    lastSuccessAgeS: lastSuccess > 0 ? Math.max(0, now - lastSuccess) : undefined,
  };
}

/** Fetches and summarises each daemon's `/metrics`; an unreachable endpoint is reported, not thrown. */
export async function fetchDaemonMetrics(
  urls: readonly string[],
  now: number,
  timeoutMs = 5000,
): Promise<DaemonMetrics[]> {
  return Promise.all(
    urls.map(async (url): Promise<DaemonMetrics> => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return summarizeDaemonMetrics(url, parsePrometheus(await response.text()), now);
      } catch (error) {
        return {
          url,
          up: false,
          error: error instanceof Error ? error.message : String(error),
          votes: {},
          votesMissed: 0,
          finalizeCalls: 0,
          rpcErrors: 0,
          rpcDisagreements: 0,
          maxHeadLagBlocks: 0,
          tickErrors: 0,
        };
      }
    }),
  );
}
