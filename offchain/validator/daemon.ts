import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Wallet } from "ethers";
import type { Hex } from "viem";
import { redactedConfig, type LoadedConfig } from "../config/load.js";
import { eip712Domain } from "../protocol/eip712.js";
import { Phase, viewAt, type ChainView, type DutyContext } from "./context.js";
import { AssessDuty } from "./duties/assess.js";
import { ClaimDuty } from "./duties/claim.js";
import { commit } from "./duties/commit.js";
import { CommitteeCache, FinalizeDuty } from "./duties/finalize.js";
import { reveal } from "./duties/reveal.js";
import { watch } from "./duties/watch.js";
import { classify } from "./errors.js";
import { createLogger, type Logger } from "./logger.js";
import { Metrics } from "./metrics.js";
import { honestPolicy, type DaemonHooks, type VotePolicy } from "./policy.js";
import { rpcOptions, txOptions } from "./chainOptions.js";
import { RpcQuorum } from "./rpc.js";
import { startServer } from "./server.js";
import { VoteStore, type StoredRequest } from "./store.js";
import { TxManager } from "./txManager.js";

export interface DaemonOptions {
  loaded: LoadedConfig;
  wallet: Wallet;
  policy?: VotePolicy;
  hooks?: DaemonHooks;
  logger?: Logger;
}

/**
 * The validator daemon: one loop owns the cycle. Each tick reads the quorum head, follows new
 * requests (watch), then for every open request runs the duty its phase calls for (commit,
 * reveal, finalize), then claims rewards. Every duty asks the chain before acting, so a tick can
 * be repeated or interrupted at any point; errors are classified in one place (errors.ts).
 */
export class ValidatorDaemon {
  readonly ctx: DutyContext;
  private readonly finalizeDuty: FinalizeDuty;
  private readonly claimDuty = new ClaimDuty();
  private readonly members = new Map<string, boolean>();
  private readonly missed = new Set<string>();
  private server: Server | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  private lastChainReadMs = 0;
  private lastHead = -1;
  private lastHeadAdvanceMs = 0;

  constructor(options: DaemonOptions) {
    const { config, deployment } = options.loaded;
    const wallet = options.wallet;
    const logger =
      options.logger ?? createLogger(config.validator.log_level, { validator: wallet.address });
    const metrics = new Metrics();
    const rpc = new RpcQuorum(config.network.rpc_urls, rpcOptions(config), logger, metrics);
    const tx = new TxManager(
      wallet,
      rpc,
      txOptions(config, Math.min(config.network.poll_interval_ms, 1_000)),
      logger,
      metrics,
    );
    const assessor = new AssessDuty(
      {
        enableCaching: config.optimization.enable_caching,
        cacheTtlSeconds: config.optimization.cache_ttl,
        cacheMaxEntries: config.optimization.cache_max_entries,
        parallel: config.optimization.parallel_validation,
        maxThreads: config.optimization.max_parallel_validators,
        timeoutMs: config.timeouts.assessment_timeout_ms,
        fetch: {
          allowedSchemes: config.security.allowed_uri_schemes,
          maxBytes: config.security.max_payload_bytes,
          timeoutMs: config.timeouts.payload_fetch_timeout_ms,
        },
      },
      metrics,
      logger,
    );
    const chainId = BigInt(config.network.chain_id);
    this.ctx = {
      config,
      deployment,
      wallet,
      address: wallet.address,
      chainId,
      eip712: eip712Domain(chainId, deployment.consensus as Hex),
      rpc,
      tx,
      store: new VoteStore(config.validator.database),
      logger,
      metrics,
      assessor,
      policy: options.policy ?? honestPolicy,
      hooks: options.hooks ?? {},
    };
    this.finalizeDuty = new FinalizeDuty(new CommitteeCache(deployment.deployBlock));
    logger.info(
      { config: redactedConfig(options.loaded), policy: this.ctx.policy.name },
      "effective configuration",
    );
  }

  /** Resolves when the loop has ended (after stop(), or by itself on a fatal error). */
  get done(): Promise<void> {
    return this.loopDone ?? Promise.resolve();
  }

  /** Port the HTTP server listens on (useful with metrics_port 0). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async start(): Promise<void> {
    const { ctx } = this;
    ctx.store.bindIdentity(
      `${ctx.chainId}:${ctx.deployment.consensus.toLowerCase()}:${ctx.address.toLowerCase()}`,
    );
    this.server = await startServer(
      {
        host: ctx.config.validator.metrics_host,
        port: ctx.config.validator.metrics_port,
        maxStalenessSeconds: ctx.config.validator.health_max_staleness_seconds,
      },
      ctx.metrics,
      ctx.store,
      {
        lastChainReadMs: () => this.lastChainReadMs,
        lastHeadAdvanceMs: () => this.lastHeadAdvanceMs,
        details: () => ({ head: ctx.rpc.head, endpoints: ctx.rpc.status() }),
      },
    );
    ctx.logger.info(
      { host: ctx.config.validator.metrics_host, port: this.port },
      "metrics, health and attestations listening",
    );
    this.loopDone = this.loop();
  }

  /** Checks the endpoints and the registration, syncs the nonce. Public for tests. */
  async init(): Promise<void> {
    const { ctx } = this;
    await ctx.rpc.verifyChain();
    await ctx.rpc.refreshHead();
    await ctx.tx.syncNonce();
    const view = viewAt(ctx, await ctx.rpc.getBlock(ctx.rpc.head));
    const active = await view.registry.isActive(ctx.address);
    const count = await view.registry.activeValidatorCount();
    if (!active) {
      ctx.logger.warn("this address is not an active validator; run `qcp validator register`");
    }
    if (count < BigInt(ctx.config.consensus.validators.minimum_count)) {
      ctx.logger.warn(
        { active: Number(count), minimum: ctx.config.consensus.validators.minimum_count },
        "fewer active validators than consensus.validators.minimum_count",
      );
    }
  }

  private async loop(): Promise<void> {
    const { ctx } = this;
    let initialized = false;
    let backoffMs = ctx.config.network.poll_interval_ms;
    while (!this.stopping) {
      try {
        if (!initialized) {
          await this.init();
          initialized = true;
          ctx.logger.info({ head: ctx.rpc.head }, "validator started");
        }
        await this.tick();
        backoffMs = ctx.config.network.poll_interval_ms;
      } catch (error) {
        const c = classify(error);
        ctx.metrics.tickErrors.inc({ kind: c.kind });
        if (c.kind === "fatal") {
          ctx.logger.fatal({ err: c.message }, "fatal error; stopping");
          process.exitCode = 2;
          this.stopping = true;
          break;
        }
        ctx.logger.warn({ err: c.message, kind: c.kind, retryInMs: backoffMs }, "tick failed");
        // Back off on repeated failures (RPC down) without ever giving up.
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
      await this.sleep(backoffMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** One pass over every duty. Public for tests. */
  async tick(): Promise<void> {
    const { ctx } = this;
    const head = await ctx.rpc.refreshHead();
    const view = viewAt(ctx, await ctx.rpc.getBlock(head));
    this.lastChainReadMs = Date.now();
    if (head > this.lastHead) {
      this.lastHead = head;
      this.lastHeadAdvanceMs = this.lastChainReadMs;
    }
    ctx.metrics.success("chain_read");

    await watch(ctx, view);
    const open = ctx.store.openRequests();
    // Assess every commit-phase request at once (worker pool); the duties reuse the cache.
    const phases = new Map<string, Phase>();
    for (const request of open) {
      phases.set(
        request.requestId.toString(),
        Number(await view.consensus.phaseOf(request.requestId)),
      );
    }
    await Promise.all(
      open
        .filter(
          (r) =>
            phases.get(r.requestId.toString()) === Phase.Commit &&
            ctx.store.getVote(r.requestId) === undefined,
        )
        .map((r) => ctx.assessor.assess(r).catch(() => undefined)),
    );
    for (const request of open) {
      if (this.stopping) return;
      await this.runRequest(view, request, phases.get(request.requestId.toString())!);
    }
    if (!this.stopping) await this.guard("claim", undefined, () => this.claimDuty.run(ctx, view));
  }

  private async runRequest(view: ChainView, request: StoredRequest, phase: Phase): Promise<void> {
    const { ctx } = this;
    const id = request.requestId;
    const key = id.toString();
    if (phase === Phase.None) return; // not visible at this head yet (or reorged): next tick
    let member = this.members.get(key);
    if (member === undefined) {
      member = await view.consensus.isCommitteeMember(id, ctx.address);
      this.members.set(key, member);
      if (member) await this.checkParams(view, id);
    }
    if (!member) {
      ctx.store.markRequest(id, "done", "not a committee member");
      ctx.logger.info({ requestId: key }, "not in this request's committee");
      return;
    }
    switch (phase) {
      case Phase.Commit:
        await this.guard("commit", id, () => commit(ctx, view, request));
        return;
      case Phase.Reveal:
        await this.noteMissedCommit(view, request);
        await this.guard("reveal", id, () => reveal(ctx, view, request));
        return;
      case Phase.Finalizable:
        await this.noteMissedCommit(view, request);
        // All revealed early, or the reveal deadline passed: reveal() is a no-op or too late.
        if (view.block.timestamp <= request.revealDeadline) {
          await this.guard("reveal", id, () => reveal(ctx, view, request));
        } else await this.noteMissedReveal(view, request);
        await this.guard("finalize", id, () => this.finalizeDuty.run(ctx, view, request));
        return;
      case Phase.Finalized: {
        await this.noteMissedReveal(view, request);
        const result = await view.consensus.getResult(id);
        ctx.logger.info(
          {
            requestId: key,
            outcome: Number(result.outcome),
            quality: Number(result.quality),
            risk: Number(result.risk),
            domain: Number(result.domain),
          },
          "request finalized",
        );
        ctx.store.markRequest(id, "done", "finalized");
        this.finalizeDuty.forget(id);
        this.members.delete(key);
        return;
      }
    }
  }

  /** Warns when a request snapshotted thresholds other than the operator expects (config `quality`). */
  private async checkParams(view: ChainView, requestId: bigint): Promise<void> {
    const { quality } = this.ctx.config;
    const { params } = await view.consensus.getRequest(requestId);
    const expected = {
      minQuality: Math.round(quality.minimum_score * 10_000),
      agreementThreshold: Math.round(quality.agreement_threshold * 10_000),
    };
    const actual = {
      minQuality: Number(params.minQuality),
      agreementThreshold: Number(params.agreementThreshold),
    };
    if (
      actual.minQuality !== expected.minQuality ||
      actual.agreementThreshold !== expected.agreementThreshold
    ) {
      this.ctx.logger.warn(
        { requestId: requestId.toString(), expected, actual },
        "request parameters differ from config `quality` (the request's own values apply)",
      );
    }
  }

  private async noteMissedCommit(view: ChainView, request: StoredRequest): Promise<void> {
    const key = `commit:${request.requestId}`;
    if (this.missed.has(key)) return;
    const ballot = await view.consensus.getBallot(request.requestId, this.ctx.address);
    if (ballot.committed) return;
    this.missed.add(key);
    this.ctx.metrics.votesMissed.inc({ phase: "commit" });
    this.ctx.logger.error({ requestId: request.requestId.toString() }, "missed the commit window");
  }

  private async noteMissedReveal(view: ChainView, request: StoredRequest): Promise<void> {
    const key = `reveal:${request.requestId}`;
    if (this.missed.has(key)) return;
    const ballot = await view.consensus.getBallot(request.requestId, this.ctx.address);
    if (!ballot.committed || ballot.revealed) return;
    this.missed.add(key);
    this.ctx.metrics.votesMissed.inc({ phase: "reveal" });
    this.ctx.logger.error(
      { requestId: request.requestId.toString(), revealDeadline: request.revealDeadline },
      "missed the reveal window: this validator will be slashed for non-reveal",
    );
  }

  /** Runs one duty; expected races are info, the rest is logged by class and retried next tick. */
  private async guard(
    action: string,
    requestId: bigint | undefined,
    fn: () => Promise<void>,
  ): Promise<void> {
    try {
      await fn();
    } catch (error) {
      const c = classify(error);
      const fields = { action, requestId: requestId?.toString(), error: c.name, reason: c.message };
      if (c.kind === "race") {
        this.ctx.logger.info(fields, "already done or phase over (lost a race): nothing to do");
        this.countAction(action, "skipped");
        return;
      }
      this.countAction(action, "failed");
      if (c.kind === "skip") {
        this.ctx.logger.warn(fields, "cannot act on this request");
        if (requestId !== undefined) this.ctx.store.markRequest(requestId, "done", c.message);
        return;
      }
      if (c.kind === "fatal") throw error;
      this.ctx.logger.warn(fields, "duty failed; retrying next tick");
    }
  }

  private countAction(action: string, result: string): void {
    const m = this.ctx.metrics;
    if (action === "commit" || action === "reveal") m.votes.inc({ action, result });
    else if (action === "finalize") m.finalizeCalls.inc({ result });
    else if (action === "claim") m.claims.inc({ result });
  }

  /** Graceful shutdown: finish the current duty (and its transaction), then close everything. */
  async stop(): Promise<void> {
    const { ctx } = this;
    if (this.stopping && this.loopDone === undefined) return;
    this.stopping = true;
    this.wake?.();
    await this.loopDone;
    this.loopDone = undefined;
    await ctx.tx.drain();
    await ctx.assessor.close();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    ctx.rpc.destroy();
    ctx.store.close();
    ctx.logger.info("validator stopped");
  }
}
