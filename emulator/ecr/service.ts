import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handler, JsonService, ServiceContext } from '../protocol/json-service.js';
import { EcrCore } from './core.js';
import { RegistryEndpoints } from './endpoints.js';
import { BlobSigner, TokenBook, registryFront } from './front.js';
import { imageHandlers } from './image-handlers.js';
import { invalidParameter } from './messages.js';
import { EcrRegions, type RegistryScope } from './regions.js';
import { RegistryStore } from './registry.js';
import type { ScanFinding, TagMutability } from './repositories.js';
import { repositoryHandlers } from './repository-handlers.js';
import { seconds } from './views.js';

export interface EcrOptions {
  account: string;
  region: string;
  /** Address of the real registry behind this ECR (`127.0.0.1:5000`); without it no images exist. */
  registry?: string;
  repositories?: Array<{ name: string; imageTagMutability?: TagMutability; scanOnPush?: boolean }>;
  /**
   * Where clients reach the registry front (`http://127.0.0.1:<emulator port>`): the
   * proxyEndpoint of GetAuthorizationToken for the home registry (own account, `region`). A
   * function because the port is known after listen; when absent, the Host of the first `/v2/`
   * request is used, else the AWS-style URL. Other registries get their own port (endpoints.ts).
   */
  endpoint?: string | (() => string | undefined);
}

export interface EcrControl {
  /** Findings that scans of `repository` report from now on (empty: clean). */
  setScanFindings(repository: string, findings: ScanFinding[]): void;
  setEndpoint(endpoint: string): void;
}

export interface EcrService {
  service: JsonService;
  handleRegistry?(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  control: EcrControl;
  /** Closes the ports opened for registries other than the home one. */
  close(): Promise<void>;
}

const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;

/**
 * ECR's API (awsJson1_1) over a real registry, plus that registry's authenticated front. Every
 * call answers in the region it was signed for; the seed's repositories are in `region`.
 */
export function createEcrService(options: EcrOptions): EcrService {
  const { account, region } = options;
  const home: RegistryScope = { registryId: account, region };
  const regions = new EcrRegions(account, region);
  const store = options.registry ? new RegistryStore(options.registry) : undefined;
  let learned = typeof options.endpoint === 'string' ? options.endpoint : undefined;
  const mainEndpoint = (): string =>
    (typeof options.endpoint === 'function' ? options.endpoint() : undefined) ??
    learned ??
    `https://${account}.dkr.ecr.${region}.amazonaws.com`;
  const tokens = new TokenBook();
  const signer = new BlobSigner();
  // The front's closures read `core` on each request, after it exists.
  const front: ReturnType<typeof registryFront> | undefined = store
    ? registryFront({
        store,
        regions,
        tokens,
        signer,
        now: (): Date => core.clock(),
        seen: (url) => (learned ??= url),
        pushed: (regional, repository, digest) => core.recordPush(regional, repository, digest),
      })
    : undefined;
  const endpoints: RegistryEndpoints = new RegistryEndpoints(
    home,
    mainEndpoint,
    (scope, req, res) => (front ? front(scope, req, res) : Promise.resolve(false)),
  );
  const core: EcrCore = new EcrCore(account, regions, endpoints, tokens, signer, store);

  for (const seed of options.repositories ?? []) {
    regions.get(region).table.create({
      name: seed.name,
      createdAt: new Date(),
      imageTagMutability: seed.imageTagMutability ?? 'MUTABLE',
      scanOnPush: seed.scanOnPush ?? false,
    });
  }

  const handlers: Record<string, Handler> = {
    ...repositoryHandlers(core),
    ...imageHandlers(core),
    GetAuthorizationToken: (input, ctx) => authorizationToken(core, input, ctx),
  };

  return {
    service: { name: 'ecr', targetPrefix: 'AmazonEC2ContainerRegistry_V20150921', handlers },
    ...(front ? { handleRegistry: (req, res) => front(home, req, res, true) } : {}),
    control: {
      setScanFindings: (repository, findings) => {
        for (const f of findings) {
          if (!SEVERITIES.includes(f.severity)) throw new Error(`unknown severity ${f.severity}`);
        }
        regions.get(region).table.injectedFindings.set(repository, findings);
      },
      setEndpoint: (url) => {
        learned = url;
      },
    },
    close: () => endpoints.close(),
  };
}

/** One token per registry id asked for, each with that registry's own proxyEndpoint. */
async function authorizationToken(
  core: EcrCore,
  input: any,
  ctx: ServiceContext,
): Promise<unknown> {
  const regional = core.regional(ctx);
  const ids: unknown[] = Array.isArray(input.registryIds) ? input.registryIds : [core.account];
  if (ids.length < 1 || ids.length > 10) {
    throw invalidParameter('registryIds must contain between 1 and 10 registry ids');
  }
  for (const id of ids) {
    if (typeof id !== 'string' || !/^[0-9]{12}$/.test(id)) {
      throw invalidParameter(
        `Invalid parameter at 'registryIds' failed to satisfy constraint: 'Member must satisfy regular expression pattern: [0-9]{12}' (got ${JSON.stringify(id)})`,
      );
    }
  }
  const expiresAt = new Date(ctx.now().getTime() + TOKEN_LIFETIME_MS);
  const authorizationData = [];
  for (const registryId of ids as string[]) {
    authorizationData.push({
      authorizationToken: Buffer.from(`AWS:${core.tokens.issue(expiresAt)}`).toString('base64'),
      expiresAt: seconds(expiresAt),
      proxyEndpoint: await core.endpoints.url({ registryId, region: regional.region }),
    });
  }
  return { authorizationData };
}
