/**
 * What a benchmark scenario reports: named figures, each with its unit and, where the issue sets one,
 * its target. The harness runs a scenario several times (each in a fresh process) and reports the
 * median, min and max of every figure.
 */
export type TargetOp = '<=' | '>=';

export interface Target {
  op: TargetOp;
  value: number;
}

export interface Figure {
  /** Stable key (results.json, comparisons across runs). */
  key: string;
  label: string;
  unit: string;
  value: number;
  target?: Target;
}

export interface ScenarioResult {
  figures: Figure[];
  /** Facts about the work done (resources, calls, bytes): the same every repeat if the work is the same. */
  facts?: Record<string, number | string | boolean>;
}

export interface ScenarioOptions {
  quick: boolean;
  /** A fresh, empty folder the scenario may fill; removed after the run. */
  workDir: string;
}

export interface ScenarioDefinition {
  name: string;
  title: string;
  /** Module (relative to bench/scenarios) whose `run(options)` performs one repeat. */
  module: string;
  repeats: { quick: number; full: number };
}

export function figure(key: string, label: string, unit: string, value: number, target?: Target): Figure {
  return target === undefined ? { key, label, unit, value } : { key, label, unit, value, target };
}

export function meets(value: number, target: Target): boolean {
  return target.op === '<=' ? value <= target.value : value >= target.value;
}
