import { markdown } from '../../../lib/github/index.js';

export interface BuildReport {
  image?: string;
  imageTagged: string;
  digest?: string;
  size?: number;
  platforms: string[];
  tags: string[];
  cache: string;
  builder: string;
  scan?: string;
  /** Why an existing image was reused instead of built (immutable tags already naming it). */
  reused?: string;
}

/** The job summary: what was pushed, pinned by digest. Pure. */
export function buildSummary(report: BuildReport): string {
  const rows: string[][] = [
    ['Image', report.image ? `\`${report.image}\`` : 'not pushed (push: false)'],
    ...(report.reused ? [['Reused', `yes: ${report.reused}`]] : []),
    ['Digest', report.digest ? `\`${report.digest}\`` : '—'],
    ['Size', report.size === undefined ? '—' : formatBytes(report.size)],
    ['Platforms', report.platforms.join(', ')],
    ['Tags', report.tags.map((t) => `\`${t}\``).join(' ')],
    ['Cache', report.cache],
    ['Builder', report.builder],
  ];
  if (report.scan) rows.push(['Scan', report.scan]);
  return markdown.heading('build-push') + markdown.table(['', ''], rows);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
