import type { DeploymentStrategy, Service } from '@aws-sdk/client-ecs';
import { ActionError } from '../errors/action-error.js';
import type { EngineKind, EngineSnapshot } from './snapshot.js';
import type { EngineWording } from './wording.js';

/** The engine a service's own configuration asks for, and the strategy it runs. */
export type EngineChoice =
  | { engine: 'codedeploy' }
  | { engine: 'native'; strategy: Exclude<DeploymentStrategy, 'ROLLING'> }
  | { engine: 'rolling' };

/**
 * Which engine deploys this service, from what DescribeServices returned. Pure. The service's
 * deployment configuration belongs to infrastructure: the action follows it, never changes it.
 */
export function engineOf(
  service: Pick<Service, 'serviceName' | 'deploymentController' | 'deploymentConfiguration'>,
): EngineChoice {
  const controller = service.deploymentController?.type ?? 'ECS';
  const name = service.serviceName ?? 'the service';
  switch (controller) {
    case 'CODE_DEPLOY':
      return { engine: 'codedeploy' };
    case 'ECS': {
      const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING';
      if (strategy === 'ROLLING') return { engine: 'rolling' };
      return { engine: 'native', strategy };
    }
    case 'EXTERNAL':
      throw new ActionError(
        `ECS service "${name}" uses the EXTERNAL deployment controller: its task sets are created and shifted by another tool, so there is nothing this action can start or watch.`,
        'Deploy it with the tool that owns its task sets, or move it to the ECS controller (strategy ROLLING, BLUE_GREEN, LINEAR or CANARY) or CODE_DEPLOY in infrastructure.',
      );
    default:
      throw new ActionError(
        `ECS service "${name}" uses the deployment controller "${controller}", which this action does not know;`,
        'it deploys CODE_DEPLOY and ECS (ROLLING, BLUE_GREEN, LINEAR, CANARY) services.',
      );
  }
}

/** "ECS-native CANARY", "rolling update", "CodeDeploy blue/green": how messages name an engine. */
export function engineName(choice: EngineChoice): string {
  switch (choice.engine) {
    case 'codedeploy':
      return 'CodeDeploy blue/green';
    case 'native':
      return `ECS-native ${choice.strategy}`;
    case 'rolling':
      return 'ECS rolling update';
  }
}

/** What a command needs from an engine; each engine's adapter implements it, nothing else knows the engine. */
export interface EngineAdapter {
  readonly engine: EngineKind;
  /** Read the deployment into the common snapshot; `withEvidence` adds service events and stopped tasks. */
  read(deploymentId: string, options?: { withEvidence?: boolean }): Promise<EngineSnapshot>;
  /** Let a held deployment go on (promote, or a passed gate); returns a line for the log. */
  continue(snapshot: EngineSnapshot, holdId: string): Promise<string>;
  /** Stop the deployment and return traffic to the old revision; returns a line for the log. */
  stopWithRollback(snapshot: EngineSnapshot, reason: string): Promise<string>;
  /** The id to read while following the rollback that `snapshot` announced. */
  followRollback(snapshot: EngineSnapshot, rollbackId: string): string;
  /** The console page of a deployment. */
  consoleUrl(deploymentId: string): string;
  /** The engine's own words for progress and reasons; the shared ones when absent. */
  readonly wording?: EngineWording;
}
