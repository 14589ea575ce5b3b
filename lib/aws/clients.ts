import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ActionError } from '../errors/action-error.js';
import { SUITE_VERSION } from '../version.js';
import { guardStateChanges } from './abort-guard.js';

export interface AwsClientOptions {
  /** The action making the calls, e.g. `bluegreen-deploy`: it goes into the user agent. */
  action: string;
  /** SDK attempts per call (first try included). Adaptive retry mode adds client-side rate limiting. */
  maxAttempts?: number;
  env?: NodeJS.ProcessEnv;
  /** Once aborted, only reads (and StopDeployment) are sent: see abort-guard.ts. */
  signal?: AbortSignal;
}

export interface AwsClients {
  readonly region: string;
  readonly ecs: ECSClient;
  readonly codedeploy: CodeDeployClient;
  readonly ecr: ECRClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  /** CloudWatch Logs: one-off tasks' awslogs output (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS). */
  readonly logs: CloudWatchLogsClient;
  /** ECR in another region (an image pushed there): the region parsed from the registry host. */
  ecrIn(region: string): ECRClient;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** The region the SDK will use, or an error naming the fix. Only AWS_REGION is read, as the JS SDK does. */
export function resolveRegion(env: NodeJS.ProcessEnv): string {
  const region = env.AWS_REGION?.trim();
  if (region) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
      throw new ActionError(
        `AWS_REGION is "${region}", which is not a region name;`,
        'set it to one such as us-east-1 or eu-west-2.',
      );
    }
    return region;
  }
  const hint = env.AWS_DEFAULT_REGION
    ? `AWS_DEFAULT_REGION is set to "${env.AWS_DEFAULT_REGION}" but the AWS SDK for JavaScript does not read it;`
    : '';
  throw new ActionError(
    `AWS_REGION is not set. ${hint}`.trim(),
    'Set AWS_REGION (aws-actions/configure-aws-credentials does, or add `env: AWS_REGION: us-east-1` to the job).',
  );
}

/**
 * The single factory for AWS clients. Endpoints are never set here: the SDK itself honours
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, which is how the emulator is reached.
 * Clients are created on first use.
 */
export function awsClients(options: AwsClientOptions): AwsClients {
  const region = resolveRegion(options.env ?? process.env);
  const config = clientConfig(options, region);
  let ecs: ECSClient | undefined;
  let codedeploy: CodeDeployClient | undefined;
  let ecr: ECRClient | undefined;
  let elbv2: ElasticLoadBalancingV2Client | undefined;
  let logs: CloudWatchLogsClient | undefined;
  const ecrByRegion = new Map<string, ECRClient>();
  return {
    region,
    get ecs() {
      return (ecs ??= guardStateChanges(new ECSClient(config), options.signal));
    },
    get codedeploy() {
      return (codedeploy ??= guardStateChanges(new CodeDeployClient(config), options.signal));
    },
    get ecr() {
      return (ecr ??= guardStateChanges(new ECRClient(config), options.signal));
    },
    get elbv2() {
      return (elbv2 ??= guardStateChanges(
        new ElasticLoadBalancingV2Client(config),
        options.signal,
      ));
    },
    get logs() {
      return (logs ??= guardStateChanges(new CloudWatchLogsClient(config), options.signal));
    },
    ecrIn(other: string) {
      if (other === region) return this.ecr;
      let client = ecrByRegion.get(other);
      if (!client) {
        client = guardStateChanges(new ECRClient({ ...config, region: other }), options.signal);
        ecrByRegion.set(other, client);
      }
      return client;
    },
  };
}

export function clientConfig(options: AwsClientOptions, region: string) {
  return {
    region,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: 'adaptive' as const,
    customUserAgent: [[`org-actions-${options.action}`, SUITE_VERSION]] as [string, string][],
  };
}
