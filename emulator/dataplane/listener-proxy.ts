/**
 * One load balancer listener on a loopback port: each request matches one of the listener's rules
 * (its default rule if no other), goes to a target group chosen by that rule's forward weights
 * (what CodeDeploy or ECS set), then to the next target of that group in rotation, and is proxied
 * there as plain HTTP. A fixed-response rule answers itself. No retries, as an ALB: a target that fails
 * mid-request is a 502 for that client; a target group with nothing to route to is a 503.
 */
import {
  Agent,
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestFacts } from './rule-routing.js';
import { SmoothWeightedChoice } from './weighted-choice.js';

export interface RouteTarget {
  key: string;
  port: number;
  /** Where to connect; 127.0.0.1 unless an API-registered target names another address. */
  host?: string;
}

export interface WeightedTargetGroup {
  targetGroupArn: string;
  weight: number;
  /** Targets in rotation now. */
  targets: RouteTarget[];
}

/** What the matched rule does with a request. */
export type Route =
  | { ruleArn: string; groups: WeightedTargetGroup[] }
  | { ruleArn: string; fixed: { statusCode: number; contentType?: string; body?: string } };

export interface ListenerStats {
  requests: number;
  /** Requests each rule matched, by rule ARN. */
  byRule: Record<string, number>;
  /** By status code; 502/503 include the load balancer's own. */
  byStatus: Record<string, number>;
  byTargetGroup: Record<string, number>;
  /** Requests each target answered, by target key (the task ARN). */
  byTarget: Record<string, number>;
}

/** Hop-by-hop headers are for one connection, never forwarded (RFC 9110 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

export class ListenerProxy {
  readonly stats: ListenerStats = {
    requests: 0,
    byRule: {},
    byStatus: {},
    byTargetGroup: {},
    byTarget: {},
  };
  private readonly server: Server;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  /** One weighted cycle per rule: each rule splits its own traffic by its own weights. */
  private readonly choices = new Map<string, SmoothWeightedChoice>();
  private readonly rotation = new Map<string, number>();
  private boundPort = 0;

  constructor(
    readonly listenerArn: string,
    private readonly route: (request: RequestFacts) => Route | undefined,
  ) {
    this.server = createServer((req, res) => this.answer(req, res));
    this.server.keepAliveTimeout = 60_000;
  }

  get port(): number {
    return this.boundPort;
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
    return this.boundPort;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.agent.destroy();
  }

  /** The target for a forwarded request: weighted group of the rule, then round-robin inside it. */
  choose(
    ruleArn: string,
    groups: WeightedTargetGroup[],
  ): { group: WeightedTargetGroup; target?: RouteTarget } | undefined {
    let choice = this.choices.get(ruleArn);
    if (!choice) this.choices.set(ruleArn, (choice = new SmoothWeightedChoice()));
    const group = choice.pick(
      groups.map((g) => ({ key: g.targetGroupArn, item: g, weight: g.weight })),
    );
    if (!group) return undefined;
    if (group.targets.length === 0) return { group };
    const next = this.rotation.get(group.targetGroupArn) ?? 0;
    this.rotation.set(group.targetGroupArn, next + 1);
    return { group, target: group.targets[next % group.targets.length] };
  }

  private count(status: number, targetGroupArn?: string, target?: RouteTarget): void {
    if (target) this.stats.byTarget[target.key] = (this.stats.byTarget[target.key] ?? 0) + 1;
    this.stats.requests += 1;
    this.stats.byStatus[status] = (this.stats.byStatus[status] ?? 0) + 1;
    if (targetGroupArn)
      this.stats.byTargetGroup[targetGroupArn] =
        (this.stats.byTargetGroup[targetGroupArn] ?? 0) + 1;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const route = this.route({ url: req.url ?? '/', headers: req.headers });
    if (route) this.stats.byRule[route.ruleArn] = (this.stats.byRule[route.ruleArn] ?? 0) + 1;
    if (route && 'fixed' in route) {
      this.count(route.fixed.statusCode);
      res.writeHead(route.fixed.statusCode, {
        'content-type': route.fixed.contentType ?? 'text/plain',
        server: 'awselb/2.0',
      });
      res.end(route.fixed.body ?? '');
      req.resume();
      return;
    }
    this.forward(req, res, route ? this.choose(route.ruleArn, route.groups) : undefined);
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    chosen: { group: WeightedTargetGroup; target?: RouteTarget } | undefined,
  ): void {
    if (!chosen?.target) {
      this.count(503, chosen?.group.targetGroupArn);
      res.writeHead(503, { 'content-type': 'text/plain', server: 'awselb/2.0' });
      res.end('503 Service Temporarily Unavailable\n');
      req.resume();
      return;
    }
    const { group, target } = chosen;
    const upstream = request({
      host: target.host ?? '127.0.0.1',
      port: target.port,
      method: req.method,
      path: req.url,
      agent: this.agent,
      headers: {
        ...endToEnd(req.headers),
        'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-port': String(this.boundPort),
      },
    });
    upstream.on('response', (answer) => {
      const status = answer.statusCode ?? 502;
      this.count(status, group.targetGroupArn, target);
      res.writeHead(status, answer.statusMessage, endToEnd(answer.headers));
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', () => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      this.count(502, group.targetGroupArn, target);
      res.writeHead(502, { 'content-type': 'text/plain', server: 'awselb/2.0' });
      res.end('502 Bad Gateway\n');
    });
    req.pipe(upstream);
  }
}
