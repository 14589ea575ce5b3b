import { invalidParameter, repositoryExists, repositoryNotFound } from './messages.js';

export type TagMutability =
  'MUTABLE' | 'IMMUTABLE' | 'IMMUTABLE_WITH_EXCLUSION' | 'MUTABLE_WITH_EXCLUSION';

const MUTABILITIES: readonly TagMutability[] = [
  'MUTABLE',
  'IMMUTABLE',
  'IMMUTABLE_WITH_EXCLUSION',
  'MUTABLE_WITH_EXCLUSION',
];

export interface ExclusionFilter {
  filterType: 'WILDCARD';
  filter: string;
}

export interface Repository {
  name: string;
  createdAt: Date;
  imageTagMutability: TagMutability;
  exclusionFilters: ExclusionFilter[];
  scanOnPush: boolean;
  encryptionType: string;
  kmsKey?: string;
}

export interface ScanFinding {
  name: string;
  severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' | 'UNDEFINED';
  description?: string;
  uri?: string;
}

export interface ImageScan {
  completedAt: Date;
  findings: ScanFinding[];
}

/** Repositories of one emulated registry, and what the emulator remembers about their images. */
export class RepositoryTable {
  private readonly repositories = new Map<string, Repository>();
  /** `repo@digest` → first push seen through the registry front (the registry has no push time). */
  readonly pushedAt = new Map<string, Date>();
  readonly scans = new Map<string, ImageScan>();
  /** Findings the next scans of a repository report (control knob for scan-threshold tests). */
  readonly injectedFindings = new Map<string, ScanFinding[]>();

  constructor(private readonly account: string) {}

  create(input: {
    name: unknown;
    createdAt: Date;
    imageTagMutability?: unknown;
    exclusionFilters?: unknown;
    scanOnPush?: unknown;
    encryptionType?: unknown;
    kmsKey?: unknown;
  }): Repository {
    const name = checkName(input.name);
    if (this.repositories.has(name)) throw repositoryExists(name, this.account);
    const repository: Repository = {
      name,
      createdAt: input.createdAt,
      imageTagMutability: checkMutability(input.imageTagMutability ?? 'MUTABLE'),
      exclusionFilters: checkFilters(input.exclusionFilters),
      scanOnPush: input.scanOnPush === true,
      encryptionType: typeof input.encryptionType === 'string' ? input.encryptionType : 'AES256',
      kmsKey: typeof input.kmsKey === 'string' ? input.kmsKey : undefined,
    };
    this.repositories.set(name, repository);
    return repository;
  }

  find(name: string): Repository | undefined {
    return this.repositories.get(name);
  }

  get(name: unknown): Repository {
    const checked = checkName(name);
    const repository = this.repositories.get(checked);
    if (!repository) throw repositoryNotFound(checked, this.account);
    return repository;
  }

  delete(name: string): void {
    this.repositories.delete(name);
  }

  all(): Repository[] {
    return [...this.repositories.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  setMutability(repository: Repository, mutability: unknown, filters: unknown): void {
    repository.imageTagMutability = checkMutability(mutability);
    repository.exclusionFilters = checkFilters(filters);
  }
}

/**
 * Whether pushing `tag` may not move it, given the repository's mutability and exclusions.
 * Written independently of lib/ecr's client-side copy on purpose: the emulator is the oracle
 * build-push is tested against, so it must not share the code it checks.
 */
export function tagIsImmutable(repository: Repository, tag: string): boolean {
  const excluded = repository.exclusionFilters.some((f) => wildcard(f.filter).test(tag));
  switch (repository.imageTagMutability) {
    case 'MUTABLE':
      return false;
    case 'IMMUTABLE':
      return true;
    case 'IMMUTABLE_WITH_EXCLUSION':
      return !excluded;
    case 'MUTABLE_WITH_EXCLUSION':
      return excluded;
  }
}

function wildcard(filter: string): RegExp {
  const escaped = filter.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

// ECR's repositoryName pattern and length, from its service model (not lib/ecr's copy).
const REPOSITORY_NAME =
  /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;

function isRepositoryName(name: string): boolean {
  return name.length >= 2 && name.length <= 256 && REPOSITORY_NAME.test(name);
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name === '') {
    throw invalidParameter(
      "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must not be null'",
    );
  }
  if (!isRepositoryName(name)) {
    throw invalidParameter(
      `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*' and length between 2 and 256'`,
    );
  }
  return name;
}

function checkMutability(value: unknown): TagMutability {
  if (MUTABILITIES.includes(value as TagMutability)) return value as TagMutability;
  throw invalidParameter(
    `Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [${MUTABILITIES.join(', ')}]'`,
  );
}

function checkFilters(value: unknown): ExclusionFilter[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 5) {
    throw invalidParameter(
      'imageTagMutabilityExclusionFilters must be a list of at most 5 filters',
    );
  }
  return value.map((f: any) => {
    if (f?.filterType !== 'WILDCARD' || !/^[0-9a-zA-Z._*-]{1,128}$/.test(String(f?.filter))) {
      throw invalidParameter(
        `Invalid exclusion filter ${JSON.stringify(f)}: filterType must be WILDCARD and filter match ^[0-9a-zA-Z._*-]{1,128}$`,
      );
    }
    return { filterType: 'WILDCARD', filter: String(f.filter) };
  });
}
