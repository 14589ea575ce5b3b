/**
 * Fargate task sizes (CPU units → allowed memory in MiB), from the ECS developer guide's
 * "Task CPU and memory" table. Other combinations fail RegisterTaskDefinition.
 */
const FARGATE_SIZES: ReadonlyArray<{ cpu: number; memory: readonly number[] }> = [
  { cpu: 256, memory: [512, 1024, 2048] },
  { cpu: 512, memory: range(1024, 4096, 1024) },
  { cpu: 1024, memory: range(2048, 8192, 1024) },
  { cpu: 2048, memory: range(4096, 16384, 1024) },
  { cpu: 4096, memory: range(8192, 30720, 1024) },
  { cpu: 8192, memory: range(16384, 61440, 4096) },
  { cpu: 16384, memory: range(32768, 122880, 8192) },
];

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let n = from; n <= to; n += step) out.push(n);
  return out;
}

export const FARGATE_CPU_VALUES = FARGATE_SIZES.map((s) => s.cpu);

/** Memory values (MiB) Fargate allows with this CPU, or undefined when the CPU is not a Fargate size. */
export function fargateMemoryFor(cpu: number): readonly number[] | undefined {
  return FARGATE_SIZES.find((s) => s.cpu === cpu)?.memory;
}

/** How the allowed memory reads in a message: `512, 1024, 2048` or `2048 to 8192 in steps of 1024`. */
export function describeMemory(values: readonly number[]): string {
  if (values.length <= 3) return values.join(', ');
  const step = values[1]! - values[0]!;
  return `${values[0]} to ${values[values.length - 1]} in steps of ${step}`;
}

/**
 * Task-level cpu as CPU units: "256", "1 vCPU", "0.25 vcpu". Undefined when unreadable.
 * Registration converts the vCPU form the same way (spec B.2).
 */
export function cpuUnits(value: string): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const match = /^(\d+(?:\.\d+)?)\s*vcpu$/i.exec(text);
  return match ? Math.round(Number(match[1]) * 1024) : undefined;
}

/** Task-level memory as MiB: "512", "1 GB", "0.5gb". Undefined when unreadable. */
export function memoryMiB(value: string): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const match = /^(\d+(?:\.\d+)?)\s*gb$/i.exec(text);
  return match ? Math.round(Number(match[1]) * 1024) : undefined;
}
