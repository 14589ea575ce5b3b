/**
 * One deployment per round, each way: the bundled bluegreen-deploy (as the runner runs it, on
 * every engine) and the official-style baseline. Each round resets the emulator's call log first
 * and reads it after, so every call the deployment cost is counted, progress reads included.
 */
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { controlClient } from '../../emulator/control/client.js';
import type { LoggedCall } from '../../emulator/control/faults.js';
import type { Emulator } from '../../emulator/index.js';
import { runAction } from '../../test/support/run-action.js';
import { EndWatch, type Target } from './lag-terminal.js';
import { deployOfficialStyle } from './official-style.js';

export interface Sample {
  lagMs: number;
  calls: number;
  byOperation: Record<string, number>;
  /** Every call in order, with its real time since the round began. */
  timeline: LoggedCall[];
  /** When the deployment ended, on the timeline's clock. */
  endedAtMs: number;
}

export interface RoundFiles {
  taskDefinition: string;
  appspec: string;
}

export class LagRounds {
  private readonly control;
  private readonly ecs = new ECSClient({});
  private readonly codedeploy = new CodeDeployClient({});

  constructor(
    private readonly emulator: Emulator,
    private readonly files: RoundFiles,
  ) {
    this.control = controlClient(emulator.url);
  }

  /** bluegreen-deploy: the bundle, as the runner runs it. */
  ours(target: Target): Promise<Sample> {
    return this.measure(target, async () => {
      const run = await runAction('bluegreen-deploy', {
        inputs: {
          cluster: target.cluster,
          service: target.service,
          'task-definition': this.files.taskDefinition,
          ...(target.engine === 'codedeploy' ? { appspec: this.files.appspec } : {}),
          'wait-until': 'complete',
        },
        env: this.emulator.env(),
        timeoutMs: 15 * 60_000,
      });
      if (run.code !== 0) throw new Error(`bluegreen-deploy failed:\n${run.stdout}${run.stderr}`);
    });
  }

  officialStyle(target: Target): Promise<Sample> {
    return this.measure(target, () =>
      deployOfficialStyle({
        ecs: this.ecs,
        codedeploy: this.codedeploy,
        cluster: target.cluster,
        service: target.service,
        taskDefinition: JSON.parse(readFileSync(this.files.taskDefinition, 'utf8')),
        appSpec: parseYaml(readFileSync(this.files.appspec, 'utf8')),
      }),
    );
  }

  close(): void {
    this.ecs.destroy();
    this.codedeploy.destroy();
  }

  private async measure(target: Target, deploy: () => Promise<void>): Promise<Sample> {
    await this.control('DELETE', 'calls');
    const began = performance.now();
    const watch = new EndWatch(this.emulator, target);
    watch.start();
    const failure = await deploy().then(
      () => undefined,
      (error: unknown) => error,
    );
    const done = performance.now();
    if (failure) {
      watch.cancel();
      throw failure;
    }
    const endedAt = watch.stop();
    const log = await this.control<Pick<Sample, 'byOperation' | 'timeline'> & { total: number }>(
      'GET',
      'calls',
    );
    return {
      lagMs: done - endedAt,
      calls: log.total,
      byOperation: log.byOperation,
      timeline: log.timeline,
      endedAtMs: Math.round(endedAt - began),
    };
  }
}
