import {
  CodeDeployClient,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListDeploymentTargetsCommand,
  ListDeploymentsCommand,
  StopDeploymentCommand,
  type DeploymentInfo,
  type DeploymentTarget,
} from '@aws-sdk/client-codedeploy';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeClock } from '../../clock/testing/fake-clock.js';

/** One step of a scripted deployment: what GetDeployment/GetDeploymentTarget show. */
export interface Frame {
  status: string;
  events?: [string, string][];
  traffic?: [blue: number, green: number];
  targetStatus?: string;
  error?: { code: string; message: string };
}

/** A fake clock: sleeping advances time at once, so a 30-minute watch runs in milliseconds. */
function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

/**
 * A scripted CodeDeploy group behind aws-sdk-client-mock, for tests of the I/O flows: each
 * GetDeployment advances the script one frame; StopDeployment and ContinueDeployment change
 * the script the way CodeDeploy would.
 */
export class FakeGroup {
  readonly codedeploy = mockClient(CodeDeployClient);
  readonly ecs = mockClient(ECSClient);
  /** Task definition ARNs DescribeTaskDefinition reports as INACTIVE (deregistered). */
  readonly inactiveTaskDefinitions = new Set<string>();
  readonly clock = new FakeClock();
  /** Scripts per deployment id; the current frame index advances on each GetDeployment. */
  readonly scripts = new Map<
    string,
    { frames: Frame[]; at: number; rollbackId?: string; creator?: string }
  >();
  nextId = 'd-NEW000001';
  active: string[] = [];
  afterContinue: Frame[] = [];
  rollbackOnStop = true;
  revision = 6;
  controller = 'CODE_DEPLOY';
  createErrors: Error[] = [];
  getErrors: Error[] = [];

  constructor(frames: Frame[]) {
    this.scripts.set(this.nextId, { frames, at: 0 });
    this.wire();
  }

  private frame(id: string): Frame {
    const s = this.scripts.get(id)!;
    return s.frames[Math.min(s.at, s.frames.length - 1)]!;
  }

  private wire(): void {
    this.wireEcs();
    this.wireCodeDeploy();
  }

  private wireEcs(): void {
    this.ecs.on(DescribeServicesCommand).callsFake(() => ({
      services: [
        {
          serviceArn: 'arn:aws:ecs:us-east-1:111122223333:service/staging/web',
          status: 'ACTIVE',
          deploymentController: { type: this.controller },
          taskDefinition: `arn:aws:ecs:us-east-1:111122223333:task-definition/web:${this.revision}`,
          events: [],
        },
      ],
      failures: [],
    }));
    this.ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    this.ecs.on(DescribeTaskDefinitionCommand).callsFake((input) => ({
      taskDefinition: {
        taskDefinitionArn: input.taskDefinition,
        family: 'web',
        status: this.inactiveTaskDefinitions.has(input.taskDefinition) ? 'INACTIVE' : 'ACTIVE',
        containerDefinitions: [
          { name: 'web', image: 'web:1', portMappings: [{ containerPort: 8080 }] },
        ],
      },
    }));
    this.ecs.on(RegisterTaskDefinitionCommand).callsFake((input) => ({
      taskDefinition: {
        taskDefinitionArn: `arn:aws:ecs:us-east-1:111122223333:task-definition/${input.family}:${++this.revision}`,
      },
    }));
  }

  private wireCodeDeploy(): void {
    this.codedeploy.on(GetDeploymentGroupCommand).callsFake((input) => ({
      deploymentGroupInfo: {
        applicationName: input.applicationName,
        deploymentGroupName: input.deploymentGroupName,
        deploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
        ecsServices: [{ clusterName: 'staging', serviceName: 'web' }],
        blueGreenDeploymentConfiguration: {
          deploymentReadyOption: { actionOnTimeout: 'STOP_DEPLOYMENT', waitTimeInMinutes: 60 },
        },
        loadBalancerInfo: {
          targetGroupPairInfoList: [{ testTrafficRoute: { listenerArns: ['arn:listener/test'] } }],
        },
        lastSuccessfulDeployment: { deploymentId: 'd-LIVE00001' },
      },
    }));
    this.codedeploy
      .on(ListDeploymentsCommand)
      .callsFake(() => ({ deployments: this.active.slice(0, 1) }));
    this.codedeploy.on(CreateDeploymentCommand).callsFake(() => {
      const error = this.createErrors.shift();
      if (error) throw error;
      return { deploymentId: this.nextId };
    });
    this.codedeploy.on(GetDeploymentCommand).callsFake(({ deploymentId }) => {
      const error = this.getErrors.shift();
      if (error) throw error;
      const script = this.scripts.get(deploymentId);
      if (!script) throw awsError('DeploymentDoesNotExistException');
      const f = this.frame(deploymentId);
      script.at++;
      const info: DeploymentInfo = {
        deploymentId,
        status: f.status as DeploymentInfo['status'],
        creator: script.creator as DeploymentInfo['creator'],
        createTime: new Date(this.clock.t - 1000),
        ...(f.error
          ? { errorInformation: { code: f.error.code as never, message: f.error.message } }
          : {}),
        ...(script.rollbackId && ['Stopped', 'Failed'].includes(f.status)
          ? { rollbackInfo: { rollbackDeploymentId: script.rollbackId } }
          : {}),
      };
      return { deploymentInfo: info };
    });
    this.codedeploy.on(ListDeploymentTargetsCommand).callsFake(({ deploymentId }) => {
      if (this.frame(deploymentId).status === 'Created')
        throw awsError('DeploymentNotStartedException');
      return { targetIds: ['staging:web'] };
    });
    this.codedeploy.on(GetDeploymentTargetCommand).callsFake(({ deploymentId }) => {
      const f = this.frame(deploymentId);
      const target: DeploymentTarget = {
        deploymentTargetType: 'ECSTarget',
        ecsTarget: {
          deploymentId,
          targetId: 'staging:web',
          status: (f.targetStatus ?? f.status) as never,
          lifecycleEvents: (f.events ?? []).map(([name, status]) => ({
            lifecycleEventName: name,
            status: status as never,
          })),
          taskSetsInfo: f.traffic
            ? [
                {
                  identifer: 'ecs-svc/1',
                  taskSetLabel: 'Blue',
                  status: 'PRIMARY',
                  trafficWeight: f.traffic[0],
                  desiredCount: 1,
                  runningCount: 1,
                },
                {
                  identifer: 'ecs-svc/2',
                  taskSetLabel: 'Green',
                  status: 'ACTIVE',
                  trafficWeight: f.traffic[1],
                  desiredCount: 1,
                  runningCount: 1,
                },
              ]
            : [],
        },
      };
      return { deploymentTarget: target };
    });
    this.codedeploy.on(ContinueDeploymentCommand).callsFake(({ deploymentId }) => {
      const script = this.scripts.get(deploymentId)!;
      if (this.frame(deploymentId).status !== 'Ready')
        throw awsError('DeploymentIsNotInReadyStateException');
      script.frames = this.afterContinue;
      script.at = 0;
      return {};
    });
    this.codedeploy.on(StopDeploymentCommand).callsFake(({ deploymentId, autoRollbackEnabled }) => {
      const script = this.scripts.get(deploymentId)!;
      const status = this.frame(deploymentId).status;
      if (['Succeeded', 'Failed', 'Stopped'].includes(status))
        throw awsError('DeploymentAlreadyCompletedException');
      script.frames = [
        { status: 'InProgress' },
        { status: 'Stopped', error: { code: 'MANUAL_STOP', message: 'stopped by the user' } },
      ];
      script.at = 0;
      if (autoRollbackEnabled && this.rollbackOnStop) this.addRollback(deploymentId);
      this.active = this.active.filter((id) => id !== deploymentId);
      return { status: 'Pending' };
    });
  }

  /** The rollback deployment CodeDeploy creates: its own id, quickly Succeeded (spec A.12). */
  addRollback(
    of: string,
    frames: Frame[] = [{ status: 'InProgress' }, { status: 'Succeeded' }],
  ): string {
    const id = `d-RB${of.slice(2, 9)}`;
    this.scripts.get(of)!.rollbackId = id;
    this.scripts.set(id, { frames, at: 0, creator: 'codeDeployRollback' });
    return id;
  }

  calls(command: { name: string }): unknown[] {
    const all = [...this.codedeploy.calls(), ...this.ecs.calls()];
    return all
      .filter((c) => c.args[0].constructor.name === command.name)
      .map((c) => c.args[0].input);
  }
}

export { awsError };
