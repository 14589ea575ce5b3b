// The local load balancer routes by listener rules built through the real SDK: an empty account,
// an ALB, two target groups and rules created by API calls, and tiny HTTP servers on this machine
// registered as ip targets (127.0.0.1:<port>).
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteRuleCommand,
  ModifyRuleCommand,
  RegisterTargetsCommand,
  type Action,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from './harness.js';

let h: Harness;
const servers: Server[] = [];

/** An upstream that answers every request with its name. */
async function upstream(name: string): Promise<number> {
  const server = createServer((_, res) => res.end(name));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  h = await startHarness({
    seed: { account: '123456789012', region: 'us-east-1' },
    dataplane: true,
  });
});
afterAll(async () => {
  await h.emulator.stop();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

interface DataPlaneView {
  listeners: {
    listenerArn: string;
    url: string;
    rules: {
      priority: number | 'default';
      conditions: string[];
      forward?: { targetGroupName: string; weight: number }[];
    }[];
  }[];
}
const dataplane = async (): Promise<DataPlaneView> =>
  (await fetch(`${h.emulator.url}/_emulator/dataplane`)).json() as Promise<DataPlaneView>;

/** The local URL the data plane opened for a listener created through the API. */
async function localUrl(listenerArn: string): Promise<string> {
  const view = await eventually(dataplane, (v) =>
    v.listeners.some((l) => l.listenerArn === listenerArn),
  );
  return view.listeners.find((l) => l.listenerArn === listenerArn)!.url;
}

function get(url: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(`${res.statusCode === 200 ? '' : `${res.statusCode} `}${body}`));
    })
      .on('error', reject)
      .end();
  });
}

async function tally(count: number, url: string, headers: Record<string, string> = {}) {
  const seen: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const answer = await get(url, headers);
    seen[answer] = (seen[answer] ?? 0) + 1;
  }
  return seen;
}

const weighted = (
  blue: string,
  blueWeight: number,
  green: string,
  greenWeight: number,
): Action[] => [
  {
    Type: 'forward',
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: blue, Weight: blueWeight },
        { TargetGroupArn: green, Weight: greenWeight },
      ],
    },
  },
];

let n = 0;
/** What a user's script builds: an ALB, blue and green groups with one target each, a production listener. */
async function build() {
  n += 1;
  const lb = (await h.elbv2.send(new CreateLoadBalancerCommand({ Name: `route-${n}` })))
    .LoadBalancers![0]!;
  const group = async (color: string) => {
    const tg = (
      await h.elbv2.send(
        new CreateTargetGroupCommand({
          Name: `route-${n}-${color}`,
          Protocol: 'HTTP',
          Port: 8080,
          VpcId: 'vpc-1',
          TargetType: 'ip',
        }),
      )
    ).TargetGroups![0]!.TargetGroupArn!;
    const port = await upstream(color);
    await h.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: tg,
        Targets: [{ Id: '127.0.0.1', Port: port }],
      }),
    );
    return tg;
  };
  const [blue, green] = [await group('blue'), await group('green')];
  const listener = async (port: number, actions: Action[]) =>
    (
      await h.elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: lb.LoadBalancerArn,
          Protocol: 'HTTP',
          Port: port,
          DefaultActions: actions,
        }),
      )
    ).Listeners![0]!.ListenerArn!;
  const production = await listener(80, [{ Type: 'forward', TargetGroupArn: blue }]);
  return { blue, green, production, listener };
}

async function addRule(
  listenerArn: string,
  priority: number,
  conditions: object[],
  actions: Action[],
) {
  const out = await h.elbv2.send(
    new CreateRuleCommand({
      ListenerArn: listenerArn,
      Priority: priority,
      Conditions: conditions as never,
      Actions: actions,
    }),
  );
  return out.Rules![0]!.RuleArn!;
}

const allPaths = [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }];

describe('routing by listener rules', () => {
  it('an SDK script builds an ALB, two groups, a production rule (1/0) and a test listener rule: test traffic reaches green, production follows its weights', async () => {
    const { blue, green, production, listener } = await build();
    const prodRule = await addRule(production, 1, allPaths, weighted(blue, 1, green, 0));
    const test = await listener(8080, [{ Type: 'forward', TargetGroupArn: blue }]);
    await addRule(test, 1, allPaths, [{ Type: 'forward', TargetGroupArn: green }]);
    const [prodUrl, testUrl] = [await localUrl(production), await localUrl(test)];
    expect(await tally(10, `${prodUrl}/`)).toEqual({ blue: 10 });
    expect(await tally(10, `${testUrl}/`)).toEqual({ green: 10 });
    // What ECS does at the production traffic shift.
    await h.elbv2.send(
      new ModifyRuleCommand({ RuleArn: prodRule, Actions: weighted(blue, 0, green, 100) }),
    );
    expect(await tally(10, `${prodUrl}/`)).toEqual({ green: 10 });
  });

  it('a header-matched rule sends only the matching requests to its group; deleted, it stops matching', async () => {
    const { green, production } = await build();
    const header = [
      {
        Field: 'http-header',
        HttpHeaderConfig: { HttpHeaderName: 'X-Environment', Values: ['test'] },
      },
    ];
    const testRule = await addRule(production, 5, header, [
      { Type: 'forward', TargetGroupArn: green },
    ]);
    const url = `${await localUrl(production)}/`;
    expect(await tally(6, url, { 'x-environment': 'TEST' })).toEqual({ green: 6 });
    expect(await tally(6, url, { 'x-environment': 'prod' })).toEqual({ blue: 6 });
    expect(await tally(6, url)).toEqual({ blue: 6 });
    await h.elbv2.send(new DeleteRuleCommand({ RuleArn: testRule }));
    expect(await tally(6, url, { 'x-environment': 'test' })).toEqual({ blue: 6 });
  });

  it('a path-pattern rule takes its paths only, and the first matching priority wins', async () => {
    const { blue, green, production } = await build();
    await addRule(
      production,
      2,
      [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/test/*'] } }],
      [{ Type: 'forward', TargetGroupArn: green }],
    );
    await addRule(production, 9, allPaths, [{ Type: 'forward', TargetGroupArn: blue }]);
    const url = await localUrl(production);
    expect(await get(`${url}/test/page?x=1`)).toBe('green');
    expect(await get(`${url}/testing`)).toBe('blue');
    expect(await get(`${url}/?q=/test/x`)).toBe('blue');
  });

  it('weights 90/10 split 200 requests about so', async () => {
    const { blue, green, production } = await build();
    await addRule(production, 1, allPaths, weighted(blue, 90, green, 10));
    const seen = await tally(200, `${await localUrl(production)}/`);
    expect(seen.blue! + seen.green!).toBe(200);
    expect(seen.green).toBeGreaterThanOrEqual(15);
    expect(seen.green).toBeLessThanOrEqual(25);
  });

  it('a fixed-response rule answers by itself', async () => {
    const { production } = await build();
    await addRule(
      production,
      1,
      [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/maintenance'] } }],
      [
        {
          Type: 'fixed-response',
          FixedResponseConfig: {
            StatusCode: '503',
            ContentType: 'text/plain',
            MessageBody: 'down',
          },
        },
      ],
    );
    const url = await localUrl(production);
    expect(await get(`${url}/maintenance`)).toBe('503 down');
    expect(await get(`${url}/`)).toBe('blue');
  });

  it('GET /_emulator/dataplane shows each listener’s rules with conditions and weights; a deleted listener is gone', async () => {
    const { blue, green, production } = await build();
    const header = [
      {
        Field: 'http-header',
        HttpHeaderConfig: { HttpHeaderName: 'X-Environment', Values: ['test'] },
      },
    ];
    await addRule(production, 5, header, weighted(blue, 30, green, 70));
    await localUrl(production);
    const view = (await dataplane()).listeners.find((l) => l.listenerArn === production)!;
    expect(view.rules).toEqual([
      {
        ruleArn: expect.any(String),
        priority: 5,
        conditions: ['http-header X-Environment=test'],
        forward: [
          { targetGroupName: `route-${n}-blue`, weight: 30, targetsInRotation: 1 },
          { targetGroupName: `route-${n}-green`, weight: 70, targetsInRotation: 1 },
        ],
      },
      {
        ruleArn: expect.any(String),
        priority: 'default',
        conditions: [],
        forward: [{ targetGroupName: `route-${n}-blue`, weight: 1, targetsInRotation: 1 }],
      },
    ]);
    await h.elbv2.send(new DeleteListenerCommand({ ListenerArn: production }));
    await eventually(dataplane, (v) => !v.listeners.some((l) => l.listenerArn === production));
  });
});
