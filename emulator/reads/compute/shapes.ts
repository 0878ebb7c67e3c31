import { textHash } from '../derive.ts';
import type { Model } from '../model-fields.ts';

/**
 * The compute shapes the synthetic tenancy uses (tenancy/vocabulary.ts SHAPES) and what an instance of each
 * reports: fixed shapes have one size, flexible ones a size picked from the instance's OCID.
 */
interface ShapeSpec {
  /** OCPU counts: one for a fixed shape, the choices for a flexible one. */
  ocpus: readonly number[];
  memoryPerOcpuGBs: number;
  vcpusPerOcpu: number;
  processor: string;
  bareMetal: boolean;
  /** Local NVMe disks per 8 OCPUs (DenseIO shapes). */
  nvmePer8Ocpus?: number;
}

const AMD_MILAN = '2.55 GHz AMD EPYC™ 7J13 (Milan)';
const INTEL_SKYLAKE = '2.0 GHz Intel® Xeon® Platinum 8167M (Skylake)';

const SHAPES: Readonly<Record<string, ShapeSpec>> = {
  'VM.Standard.E4.Flex': { ocpus: [1, 2, 4, 8, 16], memoryPerOcpuGBs: 16, vcpusPerOcpu: 2, processor: AMD_MILAN, bareMetal: false },
  'VM.Standard.E5.Flex': { ocpus: [1, 2, 4, 8, 16], memoryPerOcpuGBs: 12, vcpusPerOcpu: 2, processor: '2.4 GHz AMD EPYC™ 9J14 (Genoa)', bareMetal: false },
  'VM.Standard3.Flex': { ocpus: [1, 2, 4, 8], memoryPerOcpuGBs: 16, vcpusPerOcpu: 2, processor: '2.6 GHz Intel® Xeon® Platinum 8358 (Ice Lake)', bareMetal: false },
  'VM.Standard.A1.Flex': { ocpus: [1, 2, 4, 8], memoryPerOcpuGBs: 6, vcpusPerOcpu: 1, processor: '3.0 GHz Ampere® Altra™', bareMetal: false },
  'VM.Standard2.1': { ocpus: [1], memoryPerOcpuGBs: 15, vcpusPerOcpu: 2, processor: INTEL_SKYLAKE, bareMetal: false },
  'VM.Standard2.2': { ocpus: [2], memoryPerOcpuGBs: 15, vcpusPerOcpu: 2, processor: INTEL_SKYLAKE, bareMetal: false },
  'BM.Standard.E4.128': { ocpus: [128], memoryPerOcpuGBs: 16, vcpusPerOcpu: 2, processor: AMD_MILAN, bareMetal: true },
  'VM.DenseIO.E4.Flex': { ocpus: [8, 16, 32], memoryPerOcpuGBs: 16, vcpusPerOcpu: 2, processor: AMD_MILAN, bareMetal: false, nvmePer8Ocpus: 1 },
  'VM.Optimized3.Flex': { ocpus: [1, 2, 4, 8], memoryPerOcpuGBs: 14, vcpusPerOcpu: 2, processor: '3.0 GHz Intel® Xeon® Gold 6354 (Ice Lake)', bareMetal: false },
};

const FALLBACK: ShapeSpec = { ocpus: [2], memoryPerOcpuGBs: 16, vcpusPerOcpu: 2, processor: AMD_MILAN, bareMetal: false };

export function isFlexShape(shape: string): boolean {
  return shape.endsWith('.Flex');
}

export function isBareMetal(shape: string): boolean {
  return (SHAPES[shape] ?? FALLBACK).bareMetal;
}

/** OCPUs and memory of one instance (or instance configuration) of `shape`, chosen by its OCID. */
export function shapeSize(shape: string, ocid: string): { ocpus: number; memoryInGBs: number } {
  const spec = SHAPES[shape] ?? FALLBACK;
  const ocpus = spec.ocpus[textHash(ocid, 21) % spec.ocpus.length]!;
  return { ocpus, memoryInGBs: ocpus * spec.memoryPerOcpuGBs };
}

/** An `InstanceShapeConfig` as GetInstance reports it. */
export function instanceShapeConfig(shape: string, ocid: string): Model {
  const spec = SHAPES[shape] ?? FALLBACK;
  const { ocpus, memoryInGBs } = shapeSize(shape, ocid);
  const disks = spec.nvmePer8Ocpus === undefined ? 0 : Math.max(1, Math.floor(ocpus / 8)) * spec.nvmePer8Ocpus;
  return {
    ocpus,
    memoryInGBs,
    baselineOcpuUtilization: isFlexShape(shape) ? 'BASELINE_1_1' : null,
    processorDescription: spec.processor,
    networkingBandwidthInGbps: spec.bareMetal ? 50 : Math.min(40, ocpus),
    maxVnicAttachments: spec.bareMetal ? 24 : Math.max(2, Math.min(24, ocpus)),
    gpus: 0,
    localDisks: disks,
    localDisksTotalSizeInGBs: disks === 0 ? null : disks * 6800,
    vcpus: ocpus * spec.vcpusPerOcpu,
  };
}
