import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Task } from '../state.js';
import { sourceCommand } from './launch.js';
import { exitCodeOf, oneOffContainer, recordExit } from './one-off.js';

const APP = fileURLToPath(new URL('../../app/', import.meta.url));

const td = {
  containerDefinitions: [
    { name: 'init', essential: false, command: ['true'] },
    {
      name: 'web',
      essential: true,
      environment: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    },
    { name: 'xray', essential: true },
  ],
};

const task = (containerOverrides: NonNullable<Task['overrides']>['containerOverrides']): Task =>
  ({
    serviceName: '',
    desiredStatus: 'RUNNING',
    lastStatus: 'RUNNING',
    overrides: { containerOverrides },
    containers: td.containerDefinitions.map((c) => ({
      name: c.name,
      image: 'i',
      lastStatus: 'RUNNING',
    })),
  }) as unknown as Task;

describe('oneOffContainer', () => {
  it('runs the container an override gives a command, with its environment overrides', () => {
    const chosen = oneOffContainer(
      td,
      task([
        { name: 'web', command: ['node', 'migrate.mjs'], environment: [{ name: 'B', value: 'x' }] },
      ]),
    );
    expect(chosen?.command).toEqual(['node', 'migrate.mjs']);
    expect(chosen?.container.name).toBe('web');
    expect(chosen?.container.environment).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'x' },
    ]);
  });
  it('else the first essential container, with its own command if any', () => {
    const chosen = oneOffContainer(td, task([]));
    expect([chosen?.container.name, chosen?.command]).toEqual(['web', undefined]);
  });
});

describe('exit codes and the stop record', () => {
  it.each([
    [{ code: 0, signal: null }, 0],
    [{ code: 3, signal: null }, 3],
    [{ code: null, signal: 'SIGTERM' }, 143],
    [{ code: null, signal: 'SIGKILL' }, 137],
  ] as const)('%o -> %i', (exit, code) => {
    expect(exitCodeOf(exit)).toBe(code);
  });

  it('records the run container exit code; the others were not run', () => {
    const t = task([{ name: 'web', command: ['x'] }]);
    recordExit(t, 'web', { code: 2, signal: null }, 1000);
    expect([t.lastStatus, t.stopCode, t.stoppedReason]).toEqual([
      'STOPPED',
      'EssentialContainerExited',
      'Essential container in task exited',
    ]);
    expect(t.containers!.map((c) => [c.name, c.exitCode, c.reason])).toEqual([
      ['init', undefined, 'not run: the emulator runs one container per task'],
      ['web', 2, undefined],
      ['xray', undefined, 'not run: the emulator runs one container per task'],
    ]);
  });

  it('keeps what StopTask wrote', () => {
    const t = task([]);
    Object.assign(t, { desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'bye' });
    recordExit(t, 'web', { code: null, signal: 'SIGTERM' }, 1000);
    expect([t.stopCode, t.stoppedReason, t.containers![1]!.exitCode]).toEqual([
      'UserInitiated',
      'bye',
      143,
    ]);
  });
});

describe('sourceCommand: a one-off command as a process', () => {
  it.each([
    [
      ['node', 'migrate.mjs'],
      ['--import', 'tsx', 'src/migrate.ts'],
    ],
    [
      ['node', '/app/server.mjs'],
      ['--import', 'tsx', 'src/main.ts'],
    ],
    [
      ['node', 'migrate.mjs', '--to', '2'],
      ['--import', 'tsx', 'src/migrate.ts', '--to', '2'],
    ],
    [['node', 'nothing-here.mjs'], ['nothing-here.mjs']],
    [
      ['node', '-e', '1'],
      ['-e', '1'],
    ],
  ])('%j runs node %j in the source directory', (command, args) => {
    expect(sourceCommand(command, APP)).toEqual({ command: process.execPath, args, cwd: APP });
  });
  it('any other program runs as given', () => {
    expect(sourceCommand(['npm', 'run', 'migrate'], APP)).toEqual({
      command: 'npm',
      args: ['run', 'migrate'],
      cwd: APP,
    });
  });
});
