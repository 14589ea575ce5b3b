import { RepositoryTable } from './repositories.js';

/** Which registry a registry-front request or token is for: an account's registry in one region. */
export interface RegistryScope {
  registryId: string;
  region: string;
}

/**
 * One region's repositories, and where their images sit in the one real registry behind every
 * region: the home region (the seed's) under the repository's own name, so images pushed before
 * regions existed and the data plane's pulls keep working; any other region under
 * `ecr-<region>/<name>` ([infer] README "ECR"), so `app` in eu-west-1 and `app` in us-east-1 never
 * share images.
 */
export class RegionalRegistry {
  readonly table: RepositoryTable;

  constructor(
    readonly region: string,
    account: string,
    private readonly home: boolean,
  ) {
    this.table = new RepositoryTable(account);
  }

  backingName(name: string): string {
    return this.home ? name : `ecr-${this.region}/${name}`;
  }
}

/** The account's registries by region, made on first use: a region starts with no repositories. */
export class EcrRegions {
  private readonly byRegion = new Map<string, RegionalRegistry>();

  constructor(
    private readonly account: string,
    readonly home: string,
  ) {}

  get(region: string): RegionalRegistry {
    let regional = this.byRegion.get(region);
    if (!regional) {
      regional = new RegionalRegistry(region, this.account, region === this.home);
      this.byRegion.set(region, regional);
    }
    return regional;
  }

  /** The registry a front request reaches, when the emulator holds it (its own account only). */
  find(scope: RegistryScope): RegionalRegistry | undefined {
    return scope.registryId === this.account ? this.get(scope.region) : undefined;
  }
}
