import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  StopServiceDeploymentCommand,
  type DeploymentConfiguration,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeClock } from '../../clock/testing/fake-clock.js';

export const DEPLOYMENT_ARN =
  'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/OLM8zqSkPUsjz_-lRIUeE';
const REV = 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web';

export interface Frame {
  status?: ServiceDeployment['status'];
  stage?: ServiceDeployment['lifecycleStage'];
  /** Production and test percent on the new revision. */
  production?: number;
  test?: number;
  /** A PAUSE hook awaiting action, by id. */
  paused?: string;
  statusReason?: string;
  breaker?: { status: 'MONITORING' | 'TRIGGERED'; failureCount: number };
  /** Service events DescribeServices returns from this frame on (ids are made unique). */
  events?: string[];
}

/**
 * A scripted ECS-native service deployment behind aws-sdk-client-mock: each
 * DescribeServiceDeployments shows the next frame (the last one repeats); CONTINUE on the
 * awaiting hook switches to `afterContinue`, a rollback (hook ROLLBACK or StopServiceDeployment)
 * to `afterRollback`, the way ECS would.
 */
export class FakeServiceDeployment {
  readonly ecs = mockClient(ECSClient);
  readonly clock = new FakeClock();
  afterContinue: Frame[] = [];
  afterRollback: Frame[] = [
    { status: 'ROLLBACK_IN_PROGRESS', stage: 'TEST_TRAFFIC_SHIFT', production: 0, test: 0 },
    {
      status: 'ROLLBACK_SUCCESSFUL',
      stage: 'CLEAN_UP',
      production: 0,
      test: 0,
      statusReason: 'Service deployment rolled back by user.',
    },
  ];
  private at = 0;
  private eventCount = 0;

  constructor(
    private frames: Frame[],
    readonly config: DeploymentConfiguration = { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 },
  ) {
    this.ecs.on(DescribeServiceDeploymentsCommand).callsFake(() => {
      const d = this.deployment(this.frames[Math.min(this.at, this.frames.length - 1)]!);
      this.at++;
      return { serviceDeployments: [d] };
    });
    this.ecs.on(ContinueServiceDeploymentCommand).callsFake((input) => {
      const current = this.current();
      if (current.paused !== input.hookId) {
        throw Object.assign(new Error('hook is not awaiting action'), {
          name: 'InvalidParameterException',
          $metadata: {},
        });
      }
      this.switchTo(input.action === 'ROLLBACK' ? this.afterRollback : this.afterContinue);
      return { serviceDeploymentArn: DEPLOYMENT_ARN };
    });
    this.ecs.on(StopServiceDeploymentCommand).callsFake(() => {
      if (
        ['SUCCESSFUL', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED', 'STOPPED'].includes(
          this.current().status ?? '',
        )
      ) {
        throw Object.assign(new Error('ended'), { name: 'ConflictException', $metadata: {} });
      }
      this.switchTo(this.afterRollback);
      return { serviceDeploymentArn: DEPLOYMENT_ARN };
    });
    this.ecs.on(DescribeServicesCommand).callsFake(() => ({
      services: [
        {
          events: (this.current().events ?? []).map((message) => ({
            id: `ev-${++this.eventCount}`,
            createdAt: new Date(this.clock.now()),
            message,
          })),
        },
      ],
    }));
    this.ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    this.ecs.on(DescribeTasksCommand).resolves({ tasks: [] });
  }

  /** The frame the last read showed. */
  current(): Frame {
    return this.frames[Math.max(0, Math.min(this.at - 1, this.frames.length - 1))]!;
  }

  private switchTo(frames: Frame[]): void {
    this.frames = frames;
    this.at = 0;
  }

  private deployment(f: Frame): ServiceDeployment {
    const production = f.production ?? 0;
    return {
      serviceDeploymentArn: DEPLOYMENT_ARN,
      status: f.status ?? 'IN_PROGRESS',
      lifecycleStage: f.stage,
      statusReason: f.statusReason,
      startedAt: new Date(this.clock.t - 1000),
      deploymentConfiguration: this.config,
      targetServiceRevision: {
        arn: `${REV}/2`,
        requestedTaskCount: 2,
        runningTaskCount: 2,
        requestedProductionTrafficWeight: production,
        requestedTestTrafficWeight: f.test ?? 0,
      },
      sourceServiceRevisions: [
        {
          arn: `${REV}/1`,
          requestedTaskCount: 2,
          runningTaskCount: 2,
          requestedProductionTrafficWeight: 100 - production,
          requestedTestTrafficWeight: 100 - (f.test ?? 0),
        },
      ],
      lifecycleHookDetails: f.paused
        ? [
            {
              hookId: f.paused,
              targetType: 'PAUSE',
              status: 'AWAITING_ACTION',
              expiresAt: new Date(this.clock.t + 3_600_000),
              timeoutAction: 'ROLLBACK',
            },
          ]
        : [],
      deploymentCircuitBreaker: f.breaker ? { ...f.breaker, threshold: 3 } : undefined,
    };
  }
}
