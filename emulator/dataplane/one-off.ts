/**
 * One-off tasks (RunTask) in the data plane: which container runs, with the overrides applied,
 * and what ECS records when it exits. Pure, so the rules are tested without processes.
 */
import { constants } from 'node:os';
import type { Task } from '../state.js';
import type { ExitInfo } from './task-process.js';

/** A task RunTask started (a service's tasks belong to a task set). */
export function isOneOff(task: Task): boolean {
  return task.containers !== undefined && task.serviceName === '';
}

export interface OneOffContainer {
  /** The container definition with the override's environment merged in. */
  container: Record<string, any>;
  /** The override's command, else the container's own (undefined: the image's default). */
  command?: string[];
}

/**
 * [infer] The data plane runs one process (or container) per task: for a one-off task, the
 * container an override gives a command to, else the first essential one. The other containers
 * are reported as not run (emulator/README.md "One-off tasks").
 */
export function oneOffContainer(
  taskDefinition: Record<string, any>,
  task: Task,
): OneOffContainer | undefined {
  const containers = (taskDefinition.containerDefinitions ?? []) as Record<string, any>[];
  const overrides = task.overrides?.containerOverrides ?? [];
  const chosen =
    containers.find((c) => overrides.some((o) => o.name === c.name && o.command)) ??
    containers.find((c) => c.essential !== false) ??
    containers[0];
  if (!chosen) return undefined;
  const override = overrides.find((o) => o.name === chosen.name);
  const environment = [
    ...((chosen.environment ?? []) as { name: string }[]).filter(
      (e) => !override?.environment?.some((o) => o.name === e.name),
    ),
    ...(override?.environment ?? []),
  ];
  const command = override?.command ?? (Array.isArray(chosen.command) ? chosen.command : undefined);
  return { container: { ...chosen, environment }, ...(command ? { command } : {}) };
}

/** The exit code Docker reports: the process's own, or 128 + the signal that killed it. */
export function exitCodeOf(exit: ExitInfo | undefined): number | undefined {
  if (!exit) return undefined;
  if (exit.code !== null) return exit.code;
  return exit.signal ? 128 + (constants.signals[exit.signal] ?? 0) : undefined;
}

/** The container ran and exited: RUNNING at start, then its exit code and the task's stop. */
export function markRunning(task: Task, containerName: string, now: number, ip: string): void {
  // StopTask may have stopped it while its process was starting: it stays STOPPED.
  if (task.lastStatus !== 'PENDING') return;
  task.lastStatus = 'RUNNING';
  task.startedAt = now;
  task.privateIp = ip;
  for (const c of task.containers ?? []) if (c.name === containerName) c.lastStatus = 'RUNNING';
}

export function recordExit(
  task: Task,
  containerName: string,
  exit: ExitInfo | undefined,
  now: number,
): void {
  const code = exitCodeOf(exit);
  for (const c of task.containers ?? []) {
    if (c.name === containerName) {
      if (code !== undefined) c.exitCode = code;
    } else if (c.lastStatus !== 'STOPPED') {
      c.reason = 'not run: the emulator runs one container per task';
    }
    c.lastStatus = 'STOPPED';
  }
  if (task.desiredStatus !== 'STOPPED') {
    // Exited by itself; a StopTask already wrote UserInitiated and its reason.
    task.stopCode = 'EssentialContainerExited';
    task.stoppedReason = 'Essential container in task exited';
  }
  task.desiredStatus = 'STOPPED';
  task.lastStatus = 'STOPPED';
  task.stoppingAt ??= now;
  task.stoppedAt = now;
  task.healthStatus = 'UNKNOWN';
}
