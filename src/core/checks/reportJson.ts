/**
 * report.json: reg-cli's `reg.json` shape (failedItems, newItems, deletedItems, passedItems: lists of item
 * names; its README calls that schema stable, so tools that read reg-cli's report read this one), plus
 * what reg.json lacks: per-item figures and which baseline each was compared with. Pure; never a token.
 */
import type { CheckItem } from './run';
import type { Verdict } from './verdict';

/** The report's facts about the run; nothing secret (no token, no API host credentials). */
export interface RunInfo {
  tool: { name: 'scene-snap'; version: string };
  /** The checks file, relative to the working directory or as given. */
  checksFile: string;
  /** The git commit the baselines were read at, when known. */
  commit?: string;
  shard?: { index: number; count: number };
  update?: string;
  strict: boolean;
  startedAt: string;
  durationMs: number;
  exitCode: number;
  /** The compare engine, pinned: counts move when pixelmatch's colour metric does. */
  engine: { name: 'pixelmatch'; version: string };
}

/** A baseline as a report names it: the file, and the commit it was read at when it is committed unchanged. */
export interface BaselineRef {
  file: string;
  commit?: string;
}

export type BaselineCommitOf = (file: string) => string | undefined;

export interface ReportItem {
  name: string;
  target: string;
  room: string;
  scene: string;
  verdict: Verdict;
  baseline: BaselineRef;
  changedPixels?: number;
  changedRatio?: number;
  boxes?: { x: number; y: number; width: number; height: number }[];
  expectedSize?: { width: number; height: number };
  actualSize?: { width: number; height: number };
  error?: { code: string; message: string };
  updated?: boolean;
}

export interface RegJson {
  failedItems: string[];
  newItems: string[];
  deletedItems: string[];
  passedItems: string[];
  expectedItems: string[];
  actualItems: string[];
  diffItems: string[];
  /** Not in reg.json: the run, and every item with its figures and baseline. */
  sceneSnap: RunInfo & { items: ReportItem[] };
}

const FAILED: readonly Verdict[] = ['changed', 'sizeChanged', 'blank', 'failed'];

export function reportItem(item: CheckItem, commitOf: BaselineCommitOf): ReportItem {
  const { expected: _e, actual: _a, mask: _m, maskSize: _s, baseline, ...rest } = item;
  const commit = baseline ? commitOf(baseline) : undefined;
  return { ...rest, baseline: { file: baseline, ...(commit ? { commit } : {}) } };
}

export function toRegJson(items: readonly CheckItem[], run: RunInfo, commitOf: BaselineCommitOf = () => undefined): RegJson {
  const names = (pick: (v: Verdict) => boolean): string[] => items.filter((i) => pick(i.verdict)).map((i) => i.name);
  return {
    failedItems: names((v) => FAILED.includes(v)),
    newItems: names((v) => v === 'new'),
    deletedItems: names((v) => v === 'missing'),
    passedItems: names((v) => v === 'matched'),
    expectedItems: items.filter((i) => i.verdict !== 'new' && i.verdict !== 'failed').map((i) => i.name),
    actualItems: items.filter((i) => i.actual).map((i) => i.name),
    diffItems: names((v) => v === 'changed' || v === 'sizeChanged'),
    sceneSnap: { ...run, items: items.map((i) => reportItem(i, commitOf)) },
  };
}
