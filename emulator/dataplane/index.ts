/**
 * The emulator's data plane: every RUNNING task of the emulated ECS state runs as a real local
 * process, health checks hit each target group's health path, and one HTTP proxy per ELB listener
 * splits requests by the forward weights CodeDeploy sets. It answers the control plane's
 * HealthProvider, so a task set that never passes its health checks fails Install as on AWS.
 *
 * Stopping a task follows the ECS/ELB order: deregister (no new requests), wait the
 * deregistration delay, SIGTERM, SIGKILL after the container's stop timeout.
 */
import { get } from 'node:http';
import type { HealthProvider, TaskHealth } from '../ecs/runtime.js';
import type { EmulatorState, Listener, Task } from '../state.js';
import {
  launchSpec,
  runSampleApp,
  trafficContainer,
  type ImageCommand,
  type SecretValues,
} from './launch.js';
import { ListenerProxy, type RouteTarget, type WeightedTargetGroup } from './listener-proxy.js';
import {
  INITIAL_HEALTH,
  nextTargetHealth,
  type HealthCheckSettings,
  type ProbeResult,
  type TargetHealth,
} from './target-health.js';
import { freePort, TaskProcess } from './task-process.js';

export interface DataPlaneOptions {
  /** How an image runs locally. Default: the sample service in app/ (from source). */
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
  process?: TaskProcess;
  port?: number;
  health: TargetHealth;
  probing: boolean;
  /** Deregistered: out of rotation, being stopped. */
  draining: boolean;
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
  forward: { targetGroupName: string; weight: number; targetsInRotation: number }[];
  stats: ListenerProxy['stats'];
}

export interface TargetInfo {
  taskArn: string;
  taskDefinitionArn: string;
  targetGroupName?: string;
  pid?: number;
  port?: number;
  health: TargetHealth['state'] | 'draining';
  reason?: string;
}

export class DataPlane {
  readonly health: HealthProvider;
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
    this.settings = {
      healthyThreshold: options.healthyThreshold ?? 2,
      unhealthyThreshold: options.unhealthyThreshold ?? 2,
      startTimeoutMs: options.startTimeoutMs ?? 30_000,
    };
    this.health = { taskHealth: (task) => this.taskHealth(task) };
  }

  /** Opens the listeners and starts following the ECS state. */
  async start(): Promise<void> {
    await this.openListeners();
    this.sync();
    this.timers.push(setInterval(() => this.sync(), 25));
    this.timers.push(
      setInterval(() => this.checkHealth(), this.options.healthCheckIntervalMs ?? 250),
    );
  }

  /** Closes the listeners and stops every task process (SIGTERM, then SIGKILL at its timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await Promise.all([...this.proxies.values()].map((p) => p.close()));
    const exits = [...this.targets.values()].map((t) => {
      t.draining = true;
      return t.process?.stop();
    });
    await Promise.all(exits);
    await Promise.all([...this.targets.values()].map((t) => t.stopped));
    this.targets.clear();
  }

  listeners(): ListenerInfo[] {
    return [...this.proxies.values()].map((proxy) => {
      const listener = this.state.elb.listeners.get(proxy.listenerArn)!;
      const lb = this.state.elb.loadBalancers.get(listener.loadBalancerArn);
      return {
        listenerArn: listener.arn,
        loadBalancerName: lb?.name ?? '',
        port: listener.port,
        localPort: proxy.port,
        url: `http://127.0.0.1:${proxy.port}`,
        forward: listener.forward.map((f) => ({
          targetGroupName: this.state.elb.targetGroups.get(f.targetGroupArn)?.name ?? '',
          weight: f.weight,
          targetsInRotation: this.inRotation(f.targetGroupArn).length,
        })),
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
      ...(t.process?.pid ? { pid: t.process.pid } : {}),
      ...(t.port ? { port: t.port } : {}),
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
        } else if (target.process && !target.process.running && !target.draining) {
          const exit = target.process.exit;
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
      health: INITIAL_HEALTH,
      probing: false,
      draining: false,
    };
    this.targets.set(task.taskArn, target);
    const body = this.taskDefinitionBody(task.taskDefinitionArn);
    const container = body && trafficContainer(body, binding?.containerName);
    if (!container) {
      stopTask(
        task,
        this.now(),
        'TaskFailedToStart',
        'CannotStartContainerError: no container to run',
      );
      return;
    }
    void freePort().then((port) => {
      if (target.draining || this.stopping) return;
      const spec = launchSpec(container, port, this.options.secrets ?? {}, this.image);
      if ('error' in spec) {
        stopTask(task, this.now(), 'TaskFailedToStart', spec.error);
        return;
      }
      const onLog = this.options.onTaskLog;
      target.process = new TaskProcess(
        spec,
        onLog ? (line) => onLog(task.taskArn, line) : undefined,
      );
      target.port = port;
      target.startedAt = Date.now();
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
        const exited = target.process?.stop() ?? Promise.resolve();
        void exited.then(() => {
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
    return chosen.map((t) => ({ key: t.task.taskArn, port: t.port! }));
  }

  private routes(listenerArn: string): WeightedTargetGroup[] {
    const listener = this.state.elb.listeners.get(listenerArn);
    return (listener?.forward ?? []).map((f) => ({
      targetGroupArn: f.targetGroupArn,
      weight: f.weight,
      targets: this.inRotation(f.targetGroupArn),
    }));
  }

  private async openListeners(): Promise<void> {
    for (const listener of this.state.elb.listeners.values()) {
      if (this.proxies.has(listener.arn) || this.stopping) continue;
      const proxy = new ListenerProxy(listener.arn, () => this.routes(listener.arn));
      this.proxies.set(listener.arn, proxy);
      const lb = this.state.elb.loadBalancers.get(listener.loadBalancerArn);
      await proxy.listen(this.options.listenerPort?.(listener, lb?.name ?? '') ?? 0);
    }
  }

  private checkHealth(): void {
    for (const target of this.targets.values()) {
      if (target.draining || target.probing || !target.process || !target.port) continue;
      if (!target.process.running) {
        target.health = { ...target.health, state: 'unhealthy', reason: 'Target.NotRunning' };
        continue;
      }
      target.probing = true;
      void probe(target.port, target.healthPath, this.options.healthCheckTimeoutMs ?? 1000).then(
        ({ result, detail }) => {
          target.probing = false;
          target.health = nextTargetHealth(
            target.health,
            result,
            Date.now() - target.startedAt,
            this.settings,
            detail,
          );
        },
      );
    }
  }
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
        error.code === 'ECONNREFUSED'
          ? { result: 'refused' }
          : { result: 'failed', detail: 'Target.Timeout' },
      ),
    );
  });
}

/** What ECS records when a task stops by itself (its container exited or never started). */
function stopTask(task: Task, now: number, stopCode: string, reason: string): void {
  task.lastStatus = 'STOPPED';
  task.desiredStatus = 'STOPPED';
  task.healthStatus = 'UNHEALTHY';
  task.stoppedAt = task.stoppingAt = now;
  task.stopCode = stopCode;
  task.stoppedReason = reason;
}
