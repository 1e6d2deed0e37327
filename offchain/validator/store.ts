import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Hex } from "viem";
import type { Vote } from "../protocol/vote.js";

/**
 * The validator's local record: block cursor, requests seen, votes and attestations.
 * It is a record and a cursor, not the source of truth: every duty asks the chain first.
 * WAL + synchronous=FULL so a vote written before its commit transaction survives a power cut.
 */

/** How the salt of a stored vote is derived (DESIGN.md 3.2): from the key, so never stored. */
export const SALT_SCHEME = "eip712-salt-v1";

export type VoteStatus = "recorded" | "commit-sent" | "committed" | "reveal-sent" | "revealed";
export type RequestStatus = "open" | "done";

export interface Cursor {
  blockNumber: number;
  blockHash: string;
}

export interface StoredRequest {
  requestId: bigint;
  blockNumber: number;
  blockHash: string;
  outputHash: Hex;
  domain: Hex;
  payload: Hex;
  uri: string;
  epoch: bigint;
  committeeSize: number;
  commitDeadline: number;
  revealDeadline: number;
  status: RequestStatus;
  note: string | null;
}

export interface StoredVote {
  requestId: bigint;
  vote: Vote;
  commitment: Hex;
  checkerVersion: string;
  saltScheme: string;
  status: VoteStatus;
  commitTx: string | null;
  revealTx: string | null;
}

export interface StoredAttestation {
  requestId: bigint;
  validator: string;
  vote: Vote;
  digest: Hex;
  signature: Hex;
}

interface Row {
  [key: string]: unknown;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests (
  request_id TEXT PRIMARY KEY,
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  output_hash TEXT NOT NULL,
  domain TEXT NOT NULL,
  payload TEXT NOT NULL,
  uri TEXT NOT NULL,
  epoch TEXT NOT NULL,
  committee_size INTEGER NOT NULL,
  commit_deadline INTEGER NOT NULL,
  reveal_deadline INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  note TEXT
);
CREATE INDEX IF NOT EXISTS requests_status ON requests(status);
CREATE TABLE IF NOT EXISTS votes (
  request_id TEXT PRIMARY KEY,
  quality INTEGER NOT NULL,
  risk INTEGER NOT NULL,
  domain INTEGER NOT NULL,
  findings_hash TEXT NOT NULL,
  commitment TEXT NOT NULL,
  checker_version TEXT NOT NULL,
  salt_scheme TEXT NOT NULL,
  status TEXT NOT NULL,
  commit_tx TEXT,
  reveal_tx TEXT,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS attestations (
  request_id TEXT NOT NULL,
  digest TEXT NOT NULL,
  validator TEXT NOT NULL,
  quality INTEGER NOT NULL,
  risk INTEGER NOT NULL,
  domain INTEGER NOT NULL,
  findings_hash TEXT NOT NULL,
  signature TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (request_id, digest)
);
`;

function toRequest(row: Row): StoredRequest {
  return {
    requestId: BigInt(row.request_id as string),
    blockNumber: Number(row.block_number),
    blockHash: row.block_hash as string,
    outputHash: row.output_hash as Hex,
    domain: row.domain as Hex,
    payload: row.payload as Hex,
    uri: row.uri as string,
    epoch: BigInt(row.epoch as string),
    committeeSize: Number(row.committee_size),
    commitDeadline: Number(row.commit_deadline),
    revealDeadline: Number(row.reveal_deadline),
    status: row.status as RequestStatus,
    note: (row.note as string | null) ?? null,
  };
}

/** The vote columns shared by the votes and attestations tables. */
function voteOf(row: Row): Vote {
  return {
    quality: Number(row.quality),
    risk: Number(row.risk),
    domain: Number(row.domain),
    findingsHash: row.findings_hash as Hex,
  };
}

function toVote(row: Row): StoredVote {
  return {
    requestId: BigInt(row.request_id as string),
    vote: voteOf(row),
    commitment: row.commitment as Hex,
    checkerVersion: row.checker_version as string,
    saltScheme: row.salt_scheme as string,
    status: row.status as VoteStatus,
    commitTx: (row.commit_tx as string | null) ?? null,
    revealTx: (row.reveal_tx as string | null) ?? null,
  };
}

function toAttestation(row: Row): StoredAttestation {
  return {
    requestId: BigInt(row.request_id as string),
    validator: row.validator as string,
    vote: voteOf(row),
    digest: row.digest as Hex,
    signature: row.signature as Hex,
  };
}

export class VoteStore {
  private readonly db: DatabaseSync;

  constructor(path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;",
    );
    this.db.exec(SCHEMA);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  // ------------------------------------------------------------------ meta

  getMeta(key: string): string | undefined {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as Row | undefined;
    return row === undefined ? undefined : (row.value as string);
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      )
      .run(key, value);
  }

  /**
   * Binds the database to one chain, contract and validator; a database of another deployment
   * is refused instead of being silently mixed.
   */
  bindIdentity(identity: string): void {
    const existing = this.getMeta("identity");
    if (existing === undefined) this.setMeta("identity", identity);
    else if (existing !== identity) {
      throw new Error(
        `database belongs to ${existing}, not ${identity}; use another validator.database path`,
      );
    }
  }

  getCursor(): Cursor | undefined {
    const blockNumber = this.getMeta("cursor_block");
    const blockHash = this.getMeta("cursor_hash");
    if (blockNumber === undefined || blockHash === undefined) return undefined;
    return { blockNumber: Number(blockNumber), blockHash };
  }

  /** Saves the cursor together with the requests found up to it, atomically. */
  advance(cursor: Cursor, requests: readonly Omit<StoredRequest, "status" | "note">[]): void {
    this.transaction(() => {
      for (const r of requests) this.upsertRequest(r);
      this.setMeta("cursor_block", String(cursor.blockNumber));
      this.setMeta("cursor_hash", cursor.blockHash);
    });
  }

  // ------------------------------------------------------------------ requests

  /**
   * Inserts a request, or replaces one whose block changed (a reorg). A vote recorded for a
   * request whose content changed is dropped: it judged another payload.
   */
  upsertRequest(r: Omit<StoredRequest, "status" | "note">): "new" | "same" | "changed" {
    const existing = this.getRequest(r.requestId);
    if (existing !== undefined && existing.blockHash === r.blockHash) return "same";
    const contentChanged =
      existing !== undefined &&
      (existing.outputHash !== r.outputHash ||
        existing.payload !== r.payload ||
        existing.uri !== r.uri);
    this.db
      .prepare(
        `INSERT INTO requests (request_id, block_number, block_hash, output_hash, domain, payload, uri,
           epoch, committee_size, commit_deadline, reveal_deadline, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')
         ON CONFLICT(request_id) DO UPDATE SET block_number = excluded.block_number,
           block_hash = excluded.block_hash, output_hash = excluded.output_hash,
           domain = excluded.domain, payload = excluded.payload, uri = excluded.uri,
           epoch = excluded.epoch, committee_size = excluded.committee_size,
           commit_deadline = excluded.commit_deadline, reveal_deadline = excluded.reveal_deadline,
           status = 'open', note = NULL`,
      )
      .run(
        r.requestId.toString(),
        r.blockNumber,
        r.blockHash,
        r.outputHash,
        r.domain,
        r.payload,
        r.uri,
        r.epoch.toString(),
        r.committeeSize,
        r.commitDeadline,
        r.revealDeadline,
      );
    if (contentChanged) {
      this.db
        .prepare("DELETE FROM votes WHERE request_id = ? AND status = 'recorded'")
        .run(r.requestId.toString());
    }
    return existing === undefined ? "new" : "changed";
  }

  getRequest(requestId: bigint): StoredRequest | undefined {
    const row = this.db
      .prepare("SELECT * FROM requests WHERE request_id = ?")
      .get(requestId.toString()) as Row | undefined;
    return row === undefined ? undefined : toRequest(row);
  }

  openRequests(): StoredRequest[] {
    const rows = this.db
      .prepare("SELECT * FROM requests WHERE status = 'open' ORDER BY block_number, request_id")
      .all() as Row[];
    return rows.map(toRequest);
  }

  /** Requests seen in blocks above `blockNumber` (candidates to re-read after a reorg). */
  requestsAbove(blockNumber: number): StoredRequest[] {
    const rows = this.db
      .prepare("SELECT * FROM requests WHERE block_number > ?")
      .all(blockNumber) as Row[];
    return rows.map(toRequest);
  }

  markRequest(requestId: bigint, status: RequestStatus, note: string | null = null): void {
    this.db
      .prepare("UPDATE requests SET status = ?, note = ? WHERE request_id = ?")
      .run(status, note, requestId.toString());
  }

  // ------------------------------------------------------------------ votes

  /**
   * Durably records a vote before its commit transaction is sent (WAL, synchronous FULL: the
   * row is on disk when this returns). Only the salt's derivation scheme is stored.
   */
  recordVote(requestId: bigint, vote: Vote, commitment: Hex, checkerVersion: string): void {
    this.db
      .prepare(
        `INSERT INTO votes (request_id, quality, risk, domain, findings_hash, commitment,
           checker_version, salt_scheme, status, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'recorded', ?)
         ON CONFLICT(request_id) DO UPDATE SET quality = excluded.quality, risk = excluded.risk,
           domain = excluded.domain, findings_hash = excluded.findings_hash,
           commitment = excluded.commitment, checker_version = excluded.checker_version,
           salt_scheme = excluded.salt_scheme, status = 'recorded', updated_at = excluded.updated_at
         WHERE votes.status = 'recorded'`,
      )
      .run(
        requestId.toString(),
        vote.quality,
        vote.risk,
        vote.domain,
        vote.findingsHash,
        commitment,
        checkerVersion,
        SALT_SCHEME,
        Date.now(),
      );
  }

  getVote(requestId: bigint): StoredVote | undefined {
    const row = this.db
      .prepare("SELECT * FROM votes WHERE request_id = ?")
      .get(requestId.toString()) as Row | undefined;
    return row === undefined ? undefined : toVote(row);
  }

  setVoteStatus(
    requestId: bigint,
    status: VoteStatus,
    tx?: { commitTx?: string; revealTx?: string },
  ): void {
    this.db
      .prepare(
        `UPDATE votes SET status = ?, commit_tx = COALESCE(?, commit_tx),
           reveal_tx = COALESCE(?, reveal_tx), updated_at = ? WHERE request_id = ?`,
      )
      .run(status, tx?.commitTx ?? null, tx?.revealTx ?? null, Date.now(), requestId.toString());
  }

  // ------------------------------------------------------------------ attestations

  addAttestation(a: StoredAttestation): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO attestations (request_id, digest, validator, quality, risk, domain,
           findings_hash, signature, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        a.requestId.toString(),
        a.digest,
        a.validator,
        a.vote.quality,
        a.vote.risk,
        a.vote.domain,
        a.vote.findingsHash,
        a.signature,
        Date.now(),
      );
  }

  attestations(requestId: bigint): StoredAttestation[] {
    const rows = this.db
      .prepare("SELECT * FROM attestations WHERE request_id = ? ORDER BY created_at, rowid")
      .all(requestId.toString()) as Row[];
    return rows.map(toAttestation);
  }

  private transaction(fn: () => void): void {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      fn();
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }
}
