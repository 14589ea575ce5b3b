import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import type { RegistryConfig } from './config.js';
import { ImageRegistry } from './registry.js';

/**
 * The repository lives in its own stack: it must exist (and hold a first image) before the
 * service stacks start tasks from it, and it outlives any one environment.
 */
export class RegistryStack extends Stack {
  readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, config: RegistryConfig, props?: StackProps) {
    super(scope, id, {
      ...props,
      env: { account: config.account, region: config.region },
      description: 'org/actions: the ECR repository both environments deploy from',
    });
    this.repository = new ImageRegistry(this, 'Registry', config).repository;
    new CfnOutput(this, 'EcrRepositoryUri', { value: this.repository.repositoryUri });
    new CfnOutput(this, 'EcrRepositoryName', { value: this.repository.repositoryName });
  }
}
