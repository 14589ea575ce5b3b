import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RegistryScope } from './regions.js';

export type ServeRegistry = (
  scope: RegistryScope,
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<boolean>;

const LOOPBACK = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost)(?::\d+)?$/;

/**
 * Where docker reaches each registry: the proxyEndpoint GetAuthorizationToken hands out. The home
 * registry (own account, seed region) is the emulator's own port, as before; every other
 * registry id or region gets its own port on the same loopback host, opened on first use and
 * serving the same front for that registry, so `docker login` to two registries logs in to two
 * places ([infer] README "ECR"). Without a loopback main endpoint (no server yet) the AWS-style
 * host is returned and nothing is opened.
 */
export class RegistryEndpoints {
  private readonly opened = new Map<string, Promise<{ server: Server; url: string }>>();

  constructor(
    private readonly home: RegistryScope,
    private readonly main: () => string,
    private readonly serve: ServeRegistry,
  ) {}

  async url(scope: RegistryScope): Promise<string> {
    if (scope.registryId === this.home.registryId && scope.region === this.home.region) {
      return this.main();
    }
    const host = LOOPBACK.exec(this.main())?.[1];
    if (!host) return `https://${scope.registryId}.dkr.ecr.${scope.region}.amazonaws.com`;
    const key = `${scope.registryId}/${scope.region}`;
    let endpoint = this.opened.get(key);
    if (!endpoint) {
      endpoint = this.open(scope, host);
      this.opened.set(key, endpoint);
    }
    return (await endpoint).url;
  }

  async close(): Promise<void> {
    const servers = await Promise.all(this.opened.values());
    this.opened.clear();
    await Promise.all(
      servers.map(
        ({ server }) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  }

  private async open(scope: RegistryScope, host: string): Promise<{ server: Server; url: string }> {
    const server = createServer((req, res) => {
      this.serve(scope, req, res)
        .then((served) => {
          if (!served) res.writeHead(404).end();
        })
        .catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`registry front: ${String(error)}`);
        });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    return { server, url: `http://${host}:${(server.address() as AddressInfo).port}` };
  }
}
