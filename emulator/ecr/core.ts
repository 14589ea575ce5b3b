import type { ServiceContext } from '../protocol/json-service.js';
import type { RegistryEndpoints } from './endpoints.js';
import type { BlobSigner, TokenBook } from './front.js';
import { listImages, resolveImageId, type ImageRecord } from './images.js';
import { imageNotFound, type ImageId } from './messages.js';
import type { EcrRegions, RegionalRegistry } from './regions.js';
import type { RegistryStore } from './registry.js';
import type { Repository } from './repositories.js';

/** What ECR's handlers share: the account's registries, the real registry and the front's keys. */
export class EcrCore {
  /** The front has no clock of its own: it uses the virtual time of the latest API call. */
  clock: () => Date = () => new Date();

  constructor(
    readonly account: string,
    readonly regions: EcrRegions,
    readonly endpoints: RegistryEndpoints,
    readonly tokens: TokenBook,
    readonly signer: BlobSigner,
    readonly store: RegistryStore | undefined,
  ) {}

  /** The region a call addresses: the one it was signed for, else the emulator's. */
  regional(ctx: ServiceContext): RegionalRegistry {
    this.clock = () => ctx.now();
    return this.regions.get(ctx.signedRegion ?? ctx.region);
  }

  async registryHost(regional: RegionalRegistry): Promise<string> {
    const url = await this.endpoints.url({ registryId: this.account, region: regional.region });
    return url.replace(/^[a-z]+:\/\//, '');
  }

  async images(regional: RegionalRegistry, repository: Repository): Promise<ImageRecord[]> {
    if (!this.store) return [];
    const known = [...regional.table.pushedAt.keys()]
      .filter((key) => key.startsWith(`${repository.name}@`))
      .map((key) => key.slice(repository.name.length + 1));
    return listImages(this.store, regional.backingName(repository.name), known);
  }

  async findImage(regional: RegionalRegistry, r: Repository, id: ImageId): Promise<ImageRecord> {
    const found = resolveImageId(await this.images(regional, r), id);
    if ('image' in found) return found.image;
    throw imageNotFound(id, r.name, this.account);
  }

  /** A manifest stored through ECR (the front or PutImage): its push time, and a scan on push. */
  recordPush(regional: RegionalRegistry, repository: string, digest: string): void {
    const key = `${repository}@${digest}`;
    if (!regional.table.pushedAt.has(key)) regional.table.pushedAt.set(key, this.clock());
    if (regional.table.find(repository)?.scanOnPush) {
      this.scan(regional, repository, digest, this.clock());
    }
  }

  scan(regional: RegionalRegistry, repository: string, digest: string, at: Date): void {
    regional.table.scans.set(`${repository}@${digest}`, {
      completedAt: at,
      findings: [...(regional.table.injectedFindings.get(repository) ?? [])],
    });
  }
}
