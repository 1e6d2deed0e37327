import { createServer, type Server } from "node:http";
import type { Metrics } from "./metrics.js";
import type { StoredAttestation, VoteStore } from "./store.js";

export interface HealthSource {
  /** Unix ms of the last successful chain read, 0 if none yet. */
  lastChainReadMs(): number;
  /** Unix ms when the head last moved forward, 0 if never: a stopped chain is unhealthy too. */
  lastHeadAdvanceMs(): number;
  details(): Record<string, unknown>;
}

export interface ServerOptions {
  host: string;
  port: number;
  maxStalenessSeconds: number;
}

function attestationJson(a: StoredAttestation) {
  return {
    requestId: a.requestId.toString(),
    validator: a.validator,
    vote: a.vote,
    digest: a.digest,
    signature: a.signature,
  };
}

/**
 * GET /metrics (Prometheus), GET /healthz (200 while chain reads succeed and the head advances;
 * 503 once either is older than validator.health_max_staleness_seconds), GET /attestations/:requestId (the signed
 * vote this validator revealed; `?all=1` lists every attestation it signed for the request).
 */
export function startServer(
  options: ServerOptions,
  metrics: Metrics,
  store: VoteStore,
  health: HealthSource,
): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, body: unknown, type = "application/json") => {
      res.writeHead(status, { "content-type": type });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.method !== "GET") return send(405, { error: "method not allowed" });
    if (url.pathname === "/metrics") {
      metrics.registry
        .metrics()
        .then((text) => send(200, text, metrics.registry.contentType))
        .catch((error: unknown) => send(500, { error: String(error) }));
      return;
    }
    if (url.pathname === "/healthz") {
      const age = (ms: number) => (ms === 0 ? null : (Date.now() - ms) / 1000);
      const readAge = age(health.lastChainReadMs());
      const headAge = age(health.lastHeadAdvanceMs());
      const fresh = (a: number | null) => a !== null && a <= options.maxStalenessSeconds;
      const ok = fresh(readAge) && fresh(headAge);
      const reason = !fresh(readAge)
        ? "no successful chain read recently"
        : !fresh(headAge)
          ? "the chain head is not advancing"
          : undefined;
      return send(ok ? 200 : 503, {
        ok,
        ...(reason ? { reason } : {}),
        lastChainReadAgeSeconds: readAge,
        headAdvanceAgeSeconds: headAge,
        ...health.details(),
      });
    }
    const match = /^\/attestations\/(\d{1,78})$/.exec(url.pathname);
    if (match !== null) {
      const list = store.attestations(BigInt(match[1]));
      if (list.length === 0) return send(404, { error: "no attestation for this request" });
      if (url.searchParams.has("all"))
        return send(200, { attestations: list.map(attestationJson) });
      return send(200, attestationJson(list[0]));
    }
    send(404, { error: "not found" });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
