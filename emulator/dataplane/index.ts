/**
 * The emulator's data plane: every RUNNING task of the emulated ECS state runs as a real local
 * process, health checks hit each target group's health path, and one HTTP proxy per ELB listener
 * splits requests by the forward weights CodeDeploy sets. It answers the control plane's
 * HealthProvider, so a task set that never passes its health checks fails Install as on AWS.
 *
 * Stopping a task follows the ECS/ELB order: deregister (no new requests), wait the
 * deregistration delay, SIGTERM, SIGKILL after the container's stop timeout.
 *
 * A task runs as a process (default) or, with `runtime: 'container' | 'auto'`, as a Docker
 * container of its image pulled from the registry behind the emulated ECR (container-image.ts).
 */
import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import { registryHost } from '../../lib/ecr/image-ref.js';
import { RegistryStore } from '../ecr/registry.js';
import { listenerForward } from '../elbv2/rules.js';
import type { HealthProvider, TaskHealth } from '../ecs/runtime.js';
import type { EmulatorState, Listener, Task } from '../state.js';
import {
  chooseRuntime,
  ecrImage,
  type RuntimeChoice,
  type RuntimeMode,
} from './container-image.js';
import { dockerAnswers, OWNER_LABEL, removeContainers, removeOrphans } from './docker-engine.js';
import {
  containerEnvironment,
  launchSpec,
  runSampleApp,
  stopTimeoutSeconds,
  trafficContainer,
  type ImageCommand,
  type SecretValues,
} from './launch.js';
import { appendLogEvent, awslogsTarget } from '../logs/store.js';
import { ListenerProxy, type RouteTarget } from './listener-proxy.js';
import { isOneOff, markRunning, oneOffContainer, recordExit } from './one-off.js';
import { routeFor, rulesInfo, type RuleInfo } from './listener-routes.js';
import {
  INITIAL_HEALTH,
  nextTargetHealth,
  type HealthCheckSettings,
  type ProbeResult,
  type TargetHealth,
} from './target-health.js';
import { TaskContainer } from './task-container.js';
import { freePort, TaskProcess, type ExitInfo } from './task-process.js';

/** What runs a task: a local process or a Docker container; both stop by SIGTERM then SIGKILL. */
export interface TaskRuntime {
  readonly running: boolean;
  readonly exit: ExitInfo | undefined;
  readonly logTail: string[];
  stop(): Promise<ExitInfo>;
}

export interface DataPlaneOptions {
  /**
   * `process` (default): every task is a local process (`image`). `container`: every task is a
   * Docker container of its image (Docker must answer). `auto`: a container when Docker answers
   * and the registry behind the emulated ECR holds the task's image, else a process.
   */
  runtime?: RuntimeMode;
  /** host:port of the real registry behind the emulated ECR (start() passes its `registry`). */
  registry?: string;
  /** Registry hosts that name the emulated ECR besides `*.dkr.ecr.*.amazonaws.com` (start() passes its own host:port). */
  ecrHosts?: () => string[];
  /** How an image runs as a process. Default: the sample service in app/ (from source). */
  image?: ImageCommand;
  /** Values for the task definitions' `secrets`, by ARN (the emulated Secrets Manager). */
  secrets?: SecretValues;
  /** Local port for a listener (its AWS port is `listener.port`). Default 0: a free port. */
  listenerPort?: (listener: Listener, loadBalancerName: string) => number;
  /** Real milliseconds between health checks of a target (default 250). */
  healthCheckIntervalMs?: number;
  /** Real milliseconds a health check may take (default 1000). */
  healthCheckTimeoutMs?: number;
  healthyThreshold?: number;
  unhealthyThreshold?: number;
  /** Real milliseconds a task may take to accept connections (default 30 000). */
  startTimeoutMs?: number;
  /** Real milliseconds between deregistration and SIGTERM (default 250). */
  deregistrationDelayMs?: number;
  /** Every line a task writes (JSON logs of the sample service). */
  onTaskLog?: (taskArn: string, line: string) => void;
}

interface Target {
  task: Task;
  targetGroupArn?: string;
  healthPath: string;
  startedAt: number;
  /** When the task was handed to the data plane, and when it first passed its health checks. */
  launchedAt: number;
  healthyAt?: number;
  runtime?: 'process' | 'container';
  process?: TaskRuntime;
  port?: number;
  health: TargetHealth;
  probing: boolean;
  /** Deregistered: out of rotation, being stopped. */
  draining: boolean;
  /** A one-off task's container that runs (RunTask): its exit is recorded per container. */
  oneOff?: string;
  stopped?: Promise<void>;
}

export interface ListenerInfo {
  listenerArn: string;
  loadBalancerName: string;
  /** The listener's port in the emulated account. */
  port: number;
  /** Where it listens on this machine. */
  localPort: number;
  url: string;
  /** The default rule's forward (what CodeDeploy shifts). */
  forward: { targetGroupName: string; weight: number; targetsInRotation: number }[];
  /** Every rule in evaluation order, the default rule last. */
  rules: RuleInfo[];
  stats: ListenerProxy['stats'];
}

export interface TargetInfo {
  taskArn: string;
  taskDefinitionArn: string;
  targetGroupName?: string;
  runtime?: 'process' | 'container';
  pid?: number;
  containerId?: string;
  /** What the container runs (`127.0.0.1:5000/<repo>@sha256:...`). */
  image?: string;
  port?: number;
  /** Real milliseconds from launch to the first healthy check (boot time as the LB sees it). */
  healthyAfterMs?: number;
  health: TargetHealth['state'] | 'draining';
  reason?: string;
}

export class DataPlane {
  readonly health: HealthProvider;
  /** The value of the `org-actions-emulator` label on every container this data plane starts. */
  readonly instanceId = randomBytes(6).toString('hex');
  private readonly runtimeMode: RuntimeMode;
  private readonly registry: RegistryStore | undefined;
  private dockerUp = false;
  /** Starts in flight (a `docker run` may take a while): stop() waits for them. */
  private readonly launching = new Set<Promise<void>>();
  private readonly targets = new Map<string, Target>();
  private readonly proxies = new Map<string, ListenerProxy>();
  private readonly settings: HealthCheckSettings;
  private readonly image: ImageCommand;
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;

  constructor(
    private readonly state: EmulatorState,
    private readonly options: DataPlaneOptions = {},
    /** Virtual time, for the stop times ECS records. */
    private readonly now: () => number = Date.now,
  ) {
    this.image = options.image ?? runSampleApp;
    this.runtimeMode = options.runtime ?? 'process';
    this.registry = options.registry ? new RegistryStore(options.registry) : undefined;
    this.settings = {
      healthyThreshold: options.healthyThreshold ?? 2,
      unhealthyThreshold: options.unhealthyThreshold ?? 2,
      startTimeoutMs: options.startTimeoutMs ?? 30_000,
    };
    this.health = { taskHealth: (task) => this.taskHealth(task) };
  }

  /** Opens the listeners and starts following the ECS state. */
  async start(): Promise<void> {
    if (this.runtimeMode !== 'process') {
      this.dockerUp = await dockerAnswers();
      if (!this.dockerUp && this.runtimeMode === 'container')
        throw new Error(
          "dataplane runtime 'container' needs a Docker engine, and `docker info` does not answer: start dockerd or use runtime 'auto'",
        );
      // What emulators killed by SIGKILL left behind.
      if (this.dockerUp) await removeOrphans();
    }
    await this.openListeners();
    this.sync();
    this.timers.push(setInterval(() => this.sync(), 25));
    this.timers.push(
      setInterval(() => this.checkHealth(), this.options.healthCheckIntervalMs ?? 250),
    );
  }

  /** Closes the listeners and stops every task (SIGTERM, then SIGKILL at its timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.all([...this.proxies.values()].map((p) => p.close()));
    await Promise.all(this.launching);
    const exits = [...this.targets.values()].map((t) => {
      t.draining = true;
      return t.process?.stop();
    });
    await Promise.all(exits);
    await Promise.all([...this.targets.values()].map((t) => t.stopped));
    this.targets.clear();
    // Whatever escaped the bookkeeping (a docker CLI that timed out after creating it).
    if (this.dockerUp) await removeContainers(`${OWNER_LABEL}=${this.instanceId}`);
  }

  listeners(): ListenerInfo[] {
    const open = [...this.proxies.values()].filter((p) =>
      this.state.elb.listeners.has(p.listenerArn),
    );
    return open.map((proxy) => {
      const listener = this.state.elb.listeners.get(proxy.listenerArn)!;
      const rotation = (tg: string) => this.inRotation(tg);
      const lb = this.state.elb.loadBalancers.get(listener.loadBalancerArn);
      return {
        listenerArn: listener.arn,
        loadBalancerName: lb?.name ?? '',
        port: listener.port,
        localPort: proxy.port,
        url: `http://127.0.0.1:${proxy.port}`,
        forward: listenerForward(this.state, listener.arn).map((f) => ({
          targetGroupName: this.state.elb.targetGroups.get(f.targetGroupArn)?.name ?? '',
          weight: f.weight,
          targetsInRotation: this.inRotation(f.targetGroupArn).length,
        })),
        rules: rulesInfo(this.state, listener.arn, rotation),
        stats: proxy.stats,
      };
    });
  }

  /** The listener `<load balancer name>:<port>` as the seed names it. */
  listener(ref: string): ListenerInfo {
    const found = this.listeners().find((l) => `${l.loadBalancerName}:${l.port}` === ref);
    if (!found) throw new Error(`no listener ${ref} (write <load balancer>:<port>)`);
    return found;
  }

  targetList(): TargetInfo[] {
    return [...this.targets.values()].map((t) => ({
      taskArn: t.task.taskArn,
      taskDefinitionArn: t.task.taskDefinitionArn,
      ...(t.targetGroupArn
        ? { targetGroupName: this.state.elb.targetGroups.get(t.targetGroupArn)?.name }
        : {}),
      ...(t.runtime ? { runtime: t.runtime } : {}),
      ...(t.process instanceof TaskProcess && t.process.pid ? { pid: t.process.pid } : {}),
      ...(t.process instanceof TaskContainer
        ? { containerId: t.process.containerId, image: t.process.spec.image }
        : {}),
      ...(t.port ? { port: t.port } : {}),
      ...(t.healthyAt ? { healthyAfterMs: t.healthyAt - t.launchedAt } : {}),
      health: t.draining ? 'draining' : t.health.state,
      ...(t.health.reason ? { reason: t.health.reason } : {}),
    }));
  }

  /** Brings the processes in line with the ECS state: start new tasks, stop stopped ones. */
  sync(): void {
    if (this.stopping) return;
    const seen = new Set<string>();
    for (const cluster of this.state.ecs.clusters.values()) {
      for (const task of cluster.tasks) {
        seen.add(task.taskArn);
        const target = this.targets.get(task.taskArn);
        if (task.lastStatus === 'STOPPED') {
          if (target) this.deregister(target);
        } else if (!target) {
          this.launch(task);
        } else if (task.desiredStatus === 'STOPPED') {
          // StopTask: SIGTERM, SIGKILL after the stop timeout; the exit is recorded on exit.
          this.deregister(target);
        } else if (target.process && !target.process.running && !target.draining) {
          const exit = target.process.exit;
          if (target.oneOff) recordExit(task, target.oneOff, exit, this.now());
          else
            stopTask(
              task,
              this.now(),
              'EssentialContainerExited',
              `Essential container in task exited (exit code ${exit?.code ?? exit?.signal})`,
            );
          this.deregister(target);
        }
      }
    }
    for (const target of this.targets.values()) {
      if (!seen.has(target.task.taskArn)) this.deregister(target);
    }
    void this.openListeners();
  }

  private taskHealth(task: Task): TaskHealth {
    const target = this.targets.get(task.taskArn);
    if (!target) return 'initial';
    if (!target.targetGroupArn) {
      // No load balancer: ECS only needs the essential container running.
      return target.process?.running && target.port ? 'healthy' : 'initial';
    }
    return target.health.state;
  }

  private launch(task: Task): void {
    const cluster = [...this.state.ecs.clusters.values()].find((c) => c.arn === task.clusterArn);
    const service = cluster?.services.get(task.serviceName);
    const taskSet = service?.taskSets.find((ts) => ts.id === task.taskSetId);
    const binding = taskSet?.loadBalancers[0];
    const tg = binding?.targetGroupArn
      ? this.state.elb.targetGroups.get(binding.targetGroupArn)
      : undefined;
    const target: Target = {
      task,
      ...(tg ? { targetGroupArn: tg.arn } : {}),
      healthPath: tg?.healthCheckPath ?? '/',
      startedAt: Date.now(),
      launchedAt: Date.now(),
      health: INITIAL_HEALTH,
      probing: false,
      draining: false,
    };
    this.targets.set(task.taskArn, target);
    const body = this.taskDefinitionBody(task.taskDefinitionArn);
    const oneOff = body && isOneOff(task) ? oneOffContainer(body, task) : undefined;
    if (oneOff) target.oneOff = oneOff.container.name;
    const container = oneOff?.container ?? (body && trafficContainer(body, binding?.containerName));
    if (!container) {
      stopTask(
        task,
        this.now(),
        'TaskFailedToStart',
        'CannotStartContainerError: no container to run',
      );
      return;
    }
    const started = this.startTask(
      target,
      container,
      binding?.containerPort,
      oneOff?.command,
    ).catch((error: unknown) => {
      stopTask(task, this.now(), 'TaskFailedToStart', startFailure(error));
    });
    this.launching.add(started);
    void started.finally(() => this.launching.delete(started));
  }

  private async startTask(
    target: Target,
    container: Record<string, any>,
    bindingPort: number | undefined,
    command: string[] | undefined,
  ): Promise<void> {
    const { task } = target;
    const onLine = this.logWriter(task, container);
    const choice = await this.runtimeFor(container);
    if (target.draining || this.stopping) return;
    if (choice.runtime === 'failed') {
      stopTask(task, this.now(), 'TaskFailedToStart', choice.reason);
      return;
    }
    if (choice.runtime === 'process') {
      const port = await freePort();
      if (target.draining || this.stopping || task.lastStatus === 'STOPPED') return;
      const spec = launchSpec(container, port, this.options.secrets ?? {}, this.image, command);
      if ('error' in spec) {
        stopTask(task, this.now(), 'TaskFailedToStart', spec.error);
        return;
      }
      target.runtime = 'process';
      target.process = new TaskProcess(spec, onLine);
      target.port = port;
      target.startedAt = Date.now();
      if (target.oneOff) markRunning(task, target.oneOff, this.now(), '127.0.0.1');
      return;
    }
    const env = containerEnvironment(container, this.options.secrets ?? {});
    if ('error' in env) {
      stopTask(task, this.now(), 'TaskFailedToStart', env.error);
      return;
    }
    const containerPort = Number(
      bindingPort ?? container.portMappings?.[0]?.containerPort ?? DEFAULT_CONTAINER_PORT,
    );
    target.runtime = 'container';
    const started = await TaskContainer.run(
      {
        image: choice.image,
        pull: choice.pull,
        ...env,
        ...(Array.isArray(container.entryPoint) ? { entryPoint: container.entryPoint } : {}),
        ...(command
          ? { command }
          : Array.isArray(container.command)
            ? { command: container.command }
            : {}),
        containerPort,
        stopTimeoutS: stopTimeoutSeconds(container),
        ...(container.readonlyRootFilesystem === true
          ? { readOnlyRoot: { writablePaths: writableMountPaths(container) } }
          : {}),
        owner: this.instanceId,
        taskArn: task.taskArn,
      },
      onLine,
    );
    if (target.draining || this.stopping) {
      // Stopped (or the emulator stopping) while docker was starting it.
      await started.stop(0);
      return;
    }
    target.process = started;
    if (started.port) target.port = started.port;
    target.startedAt = Date.now();
    if (target.oneOff) markRunning(task, target.oneOff, this.now(), '127.0.0.1');
  }

  /** Each line a task writes: to `onTaskLog`, and to CloudWatch Logs when the container uses awslogs. */
  private logWriter(
    task: Task,
    container: Record<string, any>,
  ): ((line: string) => void) | undefined {
    const onLog = this.options.onTaskLog;
    const awslogs = awslogsTarget(container, task.taskArn);
    if (!onLog && !awslogs) return undefined;
    return (line) => {
      onLog?.(task.taskArn, line);
      if (awslogs) appendLogEvent(this.state, awslogs, line, this.now());
    };
  }

  /** Process or container for this container definition (README "Data plane"). */
  private async runtimeFor(container: Record<string, any>): Promise<RuntimeChoice> {
    if (this.runtimeMode === 'process') return { runtime: 'process' };
    const image = String(container.image ?? '');
    const ecr = ecrImage(image, this.options.ecrHosts?.() ?? []);
    const registry = this.registry ? registryHost(this.registry.base) : undefined;
    const digest =
      ecr && this.registry && this.dockerUp
        ? (await this.registry.manifest(ecr.repository, ecr.reference).catch(() => undefined))
            ?.digest
        : undefined;
    return chooseRuntime(this.runtimeMode, image, {
      dockerUp: this.dockerUp,
      ...(ecr ? { ecr } : {}),
      ...(registry ? { registry } : {}),
      ...(digest ? { digest } : {}),
    });
  }

  private taskDefinitionBody(arn: string): Record<string, any> | undefined {
    const [family, revision] = arn.slice(arn.lastIndexOf('/') + 1).split(':');
    return this.state.ecs.taskDefinitions.get(family ?? '')?.[Number(revision) - 1]?.body;
  }

  /** Out of rotation at once; SIGTERM after the deregistration delay; forgotten once exited. */
  private deregister(target: Target): void {
    if (target.draining) return;
    target.draining = true;
    target.stopped = new Promise<void>((resolve) => {
      setTimeout(() => {
        const exited = target.process?.stop() ?? Promise.resolve(undefined);
        void exited.then((exit) => {
          const { task } = target;
          if (target.oneOff && task.lastStatus !== 'STOPPED')
            recordExit(task, target.oneOff, exit, this.now());
          this.targets.delete(target.task.taskArn);
          resolve();
        });
      }, this.options.deregistrationDelayMs ?? 250);
    });
  }

  /** Targets of a group that get requests: healthy ones, or (fail-open, as an ALB) the unhealthy. */
  private inRotation(targetGroupArn: string): RouteTarget[] {
    const registered = [...this.targets.values()].filter(
      (t) =>
        t.targetGroupArn === targetGroupArn &&
        !t.draining &&
        t.port !== undefined &&
        t.process?.running,
    );
    const healthy = registered.filter((t) => t.health.state === 'healthy');
    const chosen = healthy.length
      ? healthy
      : registered.filter((t) => t.health.state === 'unhealthy');
    // Targets registered through the API are not health-checked: always in rotation [infer].
    const api = (this.state.elb.targetGroups.get(targetGroupArn)?.registered ?? []).map((t) => ({
      key: `${t.id}:${t.port}`,
      host: t.id,
      port: t.port,
    }));
    return [...chosen.map((t) => ({ key: t.task.taskArn, port: t.port! })), ...api];
  }

  /** Opens a proxy for each new listener; closes those of deleted listeners. */
  private async openListeners(): Promise<void> {
    for (const [arn, proxy] of this.proxies) {
      if (this.state.elb.listeners.has(arn)) continue;
      this.proxies.delete(arn);
      void proxy.close();
    }
    for (const listener of this.state.elb.listeners.values()) {
      if (this.proxies.has(listener.arn) || this.stopping) continue;
      const proxy = new ListenerProxy(listener.arn, (request) =>
        routeFor(this.state, listener.arn, request, (tg) => this.inRotation(tg)),
      );
      this.proxies.set(listener.arn, proxy);
      const lb = this.state.elb.loadBalancers.get(listener.loadBalancerArn);
      await proxy.listen(this.options.listenerPort?.(listener, lb?.name ?? '') ?? 0);
    }
  }

  private checkHealth(): void {
    for (const target of this.targets.values()) {
      if (target.draining || target.probing || !target.process || !target.port || target.oneOff)
        continue;
      if (!target.process.running) {
        target.health = { ...target.health, state: 'unhealthy', reason: 'Target.NotRunning' };
        continue;
      }
      target.probing = true;
      const check = this.state.unhealthyTaskDefinitions.has(target.task.taskDefinitionArn)
        ? markedUnhealthy()
        : probe(target.port, target.healthPath, this.options.healthCheckTimeoutMs ?? 1000);
      void check.then(({ result, detail }) => {
        target.probing = false;
        target.health = nextTargetHealth(
          target.health,
          result,
          Date.now() - target.startedAt,
          this.settings,
          detail,
        );
        if (target.health.state === 'healthy') target.healthyAt ??= Date.now();
      });
    }
  }
}

/**
 * A health check of a task whose task definition `POST /_emulator/unhealthy` marked: it fails as
 * a check answered with a non-200 would, so the target leaves rotation after the unhealthy
 * threshold and ECS replaces its task, exactly as for a real failing check.
 */
function markedUnhealthy(): Promise<{ result: ProbeResult; detail?: string }> {
  return Promise.resolve({ result: 'failed', detail: 'Target.FailedHealthChecks' });
}

/** One ELB health check: 200 is healthy (the ALB's default matcher). */
function probe(
  port: number,
  path: string,
  timeoutMs: number,
): Promise<{ result: ProbeResult; detail?: string }> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(
        res.statusCode === 200
          ? { result: 'ok' }
          : { result: 'failed', detail: `Target.ResponseCodeMismatch (${res.statusCode})` },
      );
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve(
        // A reset before any answer is docker-proxy's "refused": it accepts on the published
        // port and drops the connection while nothing listens in the container yet.
        error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET'
          ? { result: 'refused' }
          : { result: 'failed', detail: 'Target.Timeout' },
      ),
    );
  });
}

const DEFAULT_CONTAINER_PORT = 8080;

/** ECS's reason for a container that docker could not start. */
function startFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /pull|manifest|not found|no such image|unable to find image/i.test(message)
    ? `CannotPullContainerError: ${message}`
    : `CannotStartContainerError: ${message}`;
}

/** What ECS records when a task stops by itself (its container exited or never started). */
function stopTask(task: Task, now: number, stopCode: string, reason: string): void {
  task.lastStatus = 'STOPPED';
  task.desiredStatus = 'STOPPED';
  task.healthStatus = 'UNHEALTHY';
  task.stoppedAt = task.stoppingAt = now;
  task.stopCode = stopCode;
  task.stoppedReason = reason;
  for (const c of task.containers ?? []) c.lastStatus = 'STOPPED';
}

/**
 * [infer] The writable mount points of a read-only container: ECS task volumes without a host
 * path are empty per-task scratch space, which a tmpfs models (emulator/README.md).
 */
function writableMountPaths(container: Record<string, any>): string[] {
  const points: { containerPath?: unknown; readOnly?: unknown }[] = Array.isArray(
    container.mountPoints,
  )
    ? container.mountPoints
    : [];
  return points
    .filter((point) => point.readOnly !== true && typeof point.containerPath === 'string')
    .map((point) => point.containerPath as string);
}
