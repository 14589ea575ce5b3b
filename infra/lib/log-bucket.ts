import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * A private bucket that receives access logs: SSE-S3 (the only encryption ALB and CloudFront
 * log delivery support), TLS only, 90 days, kept when the stack goes. `objectOwnership` is the
 * writer's: ALB logs work with BUCKET_OWNER_ENFORCED, CloudFront standard logging writes ACLs.
 */
export function accessLogBucket(
  scope: Construct,
  id: string,
  objectOwnership: s3.ObjectOwnership,
): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership,
    lifecycleRules: [{ expiration: Duration.days(90) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This bucket is the access-log destination itself; logging it would recurse.',
  });
  return bucket;
}
