import { cpus, loadavg, platform, release, arch, totalmem } from 'node:os';

export interface MachineDescription {
  cpuModel: string;
  cpus: number;
  memoryBytes: number;
  platform: string;
  kernel: string;
  arch: string;
  node: string;
  /** 1-minute load average when the benchmark started: other work on the machine skews figures. */
  loadAverage1m: number;
}

export function describeMachine(): MachineDescription {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cpus: cores.length,
    memoryBytes: totalmem(),
    platform: platform(),
    kernel: release(),
    arch: arch(),
    node: process.version,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
