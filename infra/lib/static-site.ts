import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accessLogBucket } from './log-bucket.js';

/**
 * Static assets in a private bucket, served only through CloudFront, which reads the bucket
 * with origin access control (signed requests), never through a public bucket policy.
 */
export class StaticSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // CloudFront standard logging writes with ACLs.
    const logs = accessLogBucket(this, 'Logs', s3.ObjectOwnership.OBJECT_WRITER);

    this.bucket = new s3.Bucket(this, 'Content', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'content/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
      defaultRootObject: 'index.html',
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    for (const [id, reason] of [
      [
        'AwsSolutions-CFR1',
        'Public static assets for a global audience: no geographic restriction wanted.',
      ],
      [
        'AwsSolutions-CFR2',
        'Static, read-only assets with no origin logic to protect; WAF is attached at the account level when required.',
      ],
      [
        'AwsSolutions-CFR4',
        'Uses the default *.cloudfront.net certificate until a custom domain is configured; that certificate permits TLSv1 and cannot be changed.',
      ],
    ] as const) {
      Validations.of(this.distribution).acknowledge({ id, reason });
    }
  }
}
