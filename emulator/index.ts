/**
 * Starts the local AWS emulator: ECS, CodeDeploy, ECR (awsJson1_1) and ELBv2 (query) on one port,
 * plus the control API under /_emulator/. Point any AWS SDK v3 client at it with `env()`.
 */
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_SPEED, VirtualClock } from './clock.js';
import { predefinedConfigs } from './codedeploy/configs.js';
import { createCodeDeployService } from './codedeploy/service.js';
import { createWorld } from './codedeploy/world.js';
import { handleControl } from './control/api.js';
import { CallLog, FaultInjector } from './control/faults.js';
import { createEcrService, type EcrService } from './ecr/service.js';
import { defaultHealthProvider, type HealthProvider } from './ecs/runtime.js';
import { createEcsService } from './ecs/api.js';
import { DataPlane, type DataPlaneOptions } from './dataplane/index.js';
import { createElbv2Service } from './elbv2/service.js';
import { createLogsService } from './logs/service.js';
import type { JsonService, ServiceContext } from './protocol/json-service.js';
import { seededJitter } from './jitter.js';
import { Scheduler } from './scheduler.js';
import { applySeed, readSeedFile, seedIdentity, type Seed } from './seed.js';
import { createEmulatorServer } from './server.js';
import { emptyState, type EmulatorState } from './state.js';

export type { Seed } from './seed.js';
export type { DataPlaneOptions, ListenerInfo, TargetInfo } from './dataplane/index.js';
export type { RuntimeMode } from './dataplane/container-image.js';
export { SeedError } from './seed.js';

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Path to a YAML/JSON seed file, or the seed itself. Without one the account is empty. */
  seed?: string | Seed;
  /** Virtual milliseconds per real millisecond (default 60: one emulated minute per second). */
  speed?: number;
  /** host:port of a real OCI registry behind the emulated ECR. */
  registry?: string;
  /** Replaces the default task health (healthy after 10 s virtual unless marked unhealthy). */
  health?: (state: EmulatorState) => HealthProvider;
  /**
   * Run the service for real (README "Data plane"): tasks as local processes (or, with
   * `runtime: 'container' | 'auto'`, Docker containers of their ECR images), health checks on
   * the target groups' paths, a load balancer per listener. Replaces `health`.
   */
  dataplane?: DataPlaneOptions | boolean;
  /**
   * Seed for the jitter around health checks, ECS's reaction to elapsed timers and clean-up's
   * deregistration (`jitter.ts`); without it every wait ends exactly on the modelled clock.
   */
  jitter?: number;
}

export interface Emulator {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** The environment that points AWS SDK v3 clients (and the bundled actions) here. */
  env(): Record<string, string>;
  /** In-process access for the data plane and tests. */
  readonly state: EmulatorState;
  readonly clock: VirtualClock;
  readonly scheduler: Scheduler;
  readonly ecr: EcrService;
  /** Present when started with `dataplane`. */
  readonly dataplane?: DataPlane;
}

export async function start(options: StartOptions = {}): Promise<Emulator> {
  const seed: Seed | undefined =
    typeof options.seed === 'string' ? readSeedFile(options.seed) : options.seed;
  const { account, region } = seedIdentity(seed ?? {});
  const clock = new VirtualClock(options.speed ?? DEFAULT_SPEED);
  const state = emptyState(account, region);
  if (options.jitter !== undefined) state.jitter = seededJitter(options.jitter);
  for (const config of predefinedConfigs(clock.now()))
    state.codedeploy.configs.set(config.deploymentConfigName, config);
  let url = '';
  const dataplane = options.dataplane
    ? new DataPlane(
        state,
        {
          // Container tasks pull ECR images from the registry behind this emulator's ECR.
          ...(options.registry ? { registry: options.registry } : {}),
          ecrHosts: () => (url ? [url.replace(/^http:\/\//, '')] : []),
          ...(options.dataplane === true ? {} : options.dataplane),
        },
        () => clock.now(),
      )
    : undefined;
  const health = dataplane?.health ?? (options.health ?? defaultHealthProvider)(state);
  if (seed) applySeed(state, seed, health, clock.now());

  const world = createWorld(state, () => clock.now());
  const scheduler = new Scheduler(state, clock, world, health);
  const faults = new FaultInjector();
  const calls = new CallLog();
  const ecr = createEcrService({
    account,
    region,
    ...(options.registry ? { registry: options.registry } : {}),
    repositories: seed?.repositories ?? [],
    endpoint: () => url || undefined,
  });
  const jsonServices: JsonService[] = [
    createEcsService(state, { runsTasks: dataplane !== undefined }),
    createCodeDeployService(state, { advanceAll: () => scheduler.advanceAll() }),
    ecr.service,
    createLogsService(state, () => clock.now()),
  ];
  const context: ServiceContext = { account, region, now: () => new Date(clock.now()) };
  const tick = () => scheduler.tick();
  const server = createEmulatorServer({
    jsonServices,
    queryServices: [createElbv2Service(state)],
    context,
    faults,
    calls,
    beforeCall: tick,
    control: (req, res, body) =>
      dataplane && req.method === 'GET' && req.url === '/_emulator/dataplane'
        ? describeDataPlane(res, dataplane)
        : handleControl(req, res, body, { state, clock, faults, calls, tick }),
    ...(ecr.handleRegistry ? { registry: ecr.handleRegistry.bind(ecr) } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  ecr.control.setEndpoint(url);
  scheduler.start();
  try {
    await dataplane?.start();
  } catch (error) {
    scheduler.stop();
    clock.stop();
    await dataplane?.stop();
    server.close();
    throw error;
  }

  return {
    url,
    port,
    state,
    clock,
    scheduler,
    ecr,
    ...(dataplane ? { dataplane } : {}),
    env: () => ({
      AWS_ENDPOINT_URL_ECS: url,
      AWS_ENDPOINT_URL_CODEDEPLOY: url,
      AWS_ENDPOINT_URL_ECR: url,
      AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: url,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: url,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    }),
    async stop() {
      scheduler.stop();
      clock.stop();
      await dataplane?.stop();
      await ecr.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `GET /_emulator/dataplane`: listeners (local ports, weights, counts) and task processes. */
async function describeDataPlane(res: ServerResponse, dataplane: DataPlane): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ listeners: dataplane.listeners(), targets: dataplane.targetList() }));
}
