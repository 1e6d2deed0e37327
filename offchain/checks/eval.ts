import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CATEGORIES, type Category } from "../protocol/findings.js";
import { assessPayload, type Assessment } from "./assess.js";
import { THRESHOLDS } from "./thresholds.js";

export interface LabelledExample {
  id: string;
  payload: unknown;
  expect: {
    safe: boolean;
    categories: Category[];
    domain_pass: boolean;
    quality: "high" | "low";
    notes?: string;
  };
}

export interface CategoryMetrics {
  category: Category;
  support: number;
  predicted: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface Mismatch {
  id: string;
  missing: Category[];
  extra: Category[];
  safe: boolean;
  domainPass: boolean;
  qualityHigh: boolean;
}

export interface EvalReport {
  dir: string;
  examples: number;
  categories: CategoryMetrics[];
  safety: {
    tp: number;
    fp: number;
    fn: number;
    tn: number;
    precision: number;
    recall: number;
    f1: number;
  };
  domainPassAccuracy: number;
  qualityAccuracy: number;
  clean: { examples: number; withFindings: number; falsePositiveRate: number };
  mismatches: Mismatch[];
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The dev set: `$QCP_DEV_SET`, else `../shared/dev-set/examples` next to the repo root, else the
 * first `shared/dev-set/examples` found walking up from the repo root (git worktrees live deeper).
 */
export function defaultDevSetDir(): string {
  const fromEnv = process.env.QCP_DEV_SET;
  if (fromEnv !== undefined && fromEnv !== "") return path.resolve(fromEnv);
  const primary = path.resolve(REPO_ROOT, "../shared/dev-set/examples");
  if (existsSync(primary)) return primary;
  for (let dir = REPO_ROOT; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "shared/dev-set/examples");
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return primary;
  }
}

/**
 * Reads `<id>.json` examples in file-name order (code-unit order, locale-free); with `prefix`, only
 * files whose name starts with it (e.g. the `tune-` or `test-` half of a held-out set).
 */
export function loadExamples(dir: string, prefix = ""): LabelledExample[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json") && f.startsWith(prefix))
    .sort();
  return files.map((f) => {
    const doc = JSON.parse(readFileSync(path.join(dir, f), "utf8")) as LabelledExample;
    return { ...doc, id: doc.id ?? f.replace(/\.json$/, "") };
  });
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
function f1Of(p: number | null, r: number | null): number | null {
  if (p === null || r === null) return null;
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

/** Scores the checks against labelled examples (see dev-set README for the label rules). */
export function evaluate(examples: readonly LabelledExample[], dir = ""): EvalReport {
  const counts = new Map<Category, { tp: number; fp: number; fn: number }>(
    CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]),
  );
  const safety = { tp: 0, fp: 0, fn: 0, tn: 0 };
  let domainOk = 0;
  let qualityOk = 0;
  let clean = 0;
  let cleanWithFindings = 0;
  const mismatches: Mismatch[] = [];
  for (const ex of examples) {
    const a: Assessment = assessPayload(ex.payload);
    const got = new Set(a.findings.map((f) => f.category));
    const want = new Set(ex.expect.categories);
    for (const c of CATEGORIES) {
      const k = counts.get(c) as { tp: number; fp: number; fn: number };
      if (got.has(c) && want.has(c)) k.tp++;
      else if (got.has(c)) k.fp++;
      else if (want.has(c)) k.fn++;
    }
    const predictedUnsafe = a.risk >= THRESHOLDS.riskUnsafeFloorBps;
    const unsafe = !ex.expect.safe;
    if (predictedUnsafe && unsafe) safety.tp++;
    else if (predictedUnsafe) safety.fp++;
    else if (unsafe) safety.fn++;
    else safety.tn++;
    const domainPass = a.domain >= THRESHOLDS.domainPassBps;
    const qualityHigh = a.quality >= THRESHOLDS.qualityHighBps;
    if (domainPass === ex.expect.domain_pass) domainOk++;
    if (qualityHigh === (ex.expect.quality === "high")) qualityOk++;
    if (want.size === 0) {
      clean++;
      if (got.size > 0) cleanWithFindings++;
    }
    const missing = CATEGORIES.filter((c) => want.has(c) && !got.has(c));
    const extra = CATEGORIES.filter((c) => got.has(c) && !want.has(c));
    if (
      missing.length + extra.length > 0 ||
      predictedUnsafe !== unsafe ||
      domainPass !== ex.expect.domain_pass ||
      qualityHigh !== (ex.expect.quality === "high")
    ) {
      mismatches.push({
        id: ex.id,
        missing,
        extra,
        safe: !predictedUnsafe,
        domainPass,
        qualityHigh,
      });
    }
  }
  const categories = CATEGORIES.map((category) => {
    const k = counts.get(category) as { tp: number; fp: number; fn: number };
    const precision = ratio(k.tp, k.tp + k.fp);
    const recall = ratio(k.tp, k.tp + k.fn);
    return {
      category,
      support: k.tp + k.fn,
      predicted: k.tp + k.fp,
      ...k,
      precision,
      recall,
      f1: f1Of(precision, recall),
    };
  });
  const sp = ratio(safety.tp, safety.tp + safety.fp) ?? 0;
  const sr = ratio(safety.tp, safety.tp + safety.fn) ?? 0;
  const n = examples.length;
  return {
    dir,
    examples: n,
    categories,
    safety: { ...safety, precision: sp, recall: sr, f1: f1Of(sp, sr) ?? 0 },
    domainPassAccuracy: n === 0 ? 0 : domainOk / n,
    qualityAccuracy: n === 0 ? 0 : qualityOk / n,
    clean: {
      examples: clean,
      withFindings: cleanWithFindings,
      falsePositiveRate: clean === 0 ? 0 : cleanWithFindings / clean,
    },
    mismatches,
  };
}

export function evaluateDir(dir: string = defaultDevSetDir(), prefix = ""): EvalReport {
  return evaluate(loadExamples(dir, prefix), prefix === "" ? dir : `${dir} (${prefix}*)`);
}

/** The targets: safe-vs-unsafe F1 >= 0.95; every present category recall and precision >= 0.9. */
export function targetFailures(report: EvalReport): string[] {
  const out: string[] = [];
  if (report.safety.f1 < 0.95) out.push(`safe-vs-unsafe F1 ${report.safety.f1.toFixed(3)} < 0.95`);
  for (const c of report.categories) {
    if (c.support === 0 && c.predicted === 0) continue;
    if ((c.recall ?? 0) < 0.9) out.push(`${c.category} recall ${fmt(c.recall)} < 0.9`);
    if ((c.precision ?? 0) < 0.9) out.push(`${c.category} precision ${fmt(c.precision)} < 0.9`);
  }
  return out;
}

const fmt = (x: number | null) => (x === null ? "  n/a" : x.toFixed(3));

/** Fixed-width terminal table (no locale-dependent formatting). */
export function formatReport(report: EvalReport): string {
  const lines: string[] = [];
  lines.push(`dev set: ${report.dir} (${report.examples} examples)`);
  lines.push("");
  lines.push(
    `${"category".padEnd(28)}${"n".padStart(4)}${"pred".padStart(6)}${"tp".padStart(5)}${"fp".padStart(5)}${"fn".padStart(5)}${"precision".padStart(11)}${"recall".padStart(8)}${"f1".padStart(8)}`,
  );
  for (const c of report.categories) {
    lines.push(
      `${c.category.padEnd(28)}${String(c.support).padStart(4)}${String(c.predicted).padStart(6)}${String(c.tp).padStart(5)}${String(c.fp).padStart(5)}${String(c.fn).padStart(5)}${fmt(c.precision).padStart(11)}${fmt(c.recall).padStart(8)}${fmt(c.f1).padStart(8)}`,
    );
  }
  const s = report.safety;
  lines.push("");
  lines.push(
    `safe-vs-unsafe (unsafe = risk >= 5000): precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn}, tn ${s.tn})`,
  );
  lines.push(`domain_pass accuracy (domain >= 8000): ${report.domainPassAccuracy.toFixed(3)}`);
  lines.push(`quality accuracy (high = quality >= 7000): ${report.qualityAccuracy.toFixed(3)}`);
  lines.push(
    `false-positive rate on clean examples: ${report.clean.falsePositiveRate.toFixed(3)} (${report.clean.withFindings} of ${report.clean.examples} clean examples have findings)`,
  );
  if (report.mismatches.length > 0) {
    lines.push("");
    lines.push("mismatches:");
    for (const m of report.mismatches) {
      lines.push(`  ${m.id}: missing [${m.missing.join(", ")}] extra [${m.extra.join(", ")}]`);
    }
  }
  const failures = targetFailures(report);
  lines.push("");
  lines.push(
    failures.length === 0
      ? "targets met: F1 >= 0.95, every category precision and recall >= 0.9"
      : `targets NOT met: ${failures.join("; ")}`,
  );
  return lines.join("\n");
}
