import { RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Construct } from 'constructs';
import type { RegistryConfig } from './config.js';

/**
 * The one ECR repository both environments run from: images are scanned on push, tags are
 * immutable (a tag always names the digest first pushed under it), old images expire.
 */
export class ImageRegistry extends Construct {
  readonly repository: ecr.Repository;

  constructor(scope: Construct, id: string, config: RegistryConfig) {
    super(scope, id);
    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: config.repositoryName,
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      encryption: ecr.RepositoryEncryption.AES_256,
      // Images are the release history: keep them when the stack goes away.
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          description: 'Untagged images (superseded pushes, cache layers)',
          rulePriority: 1,
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageCount: config.untaggedImagesKept,
        },
        {
          description: 'Release images: keep enough to roll back',
          rulePriority: 2,
          tagStatus: ecr.TagStatus.TAGGED,
          tagPrefixList: ['sha-'],
          maxImageCount: config.releaseImagesKept,
        },
      ],
    });
  }
}
