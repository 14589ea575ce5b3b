import { randomBytes } from 'node:crypto';
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImageScanFindingsCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ImageAlreadyExistsException,
  ImageNotFoundException,
  ImageTagAlreadyExistsException,
  LayersNotFoundException,
  PutImageCommand,
  PutImageTagMutabilityCommand,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException,
  ScanNotFoundException,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagePlatforms } from '../../lib/ecr/image-platforms.js';
import { pushImage } from '../../test/support/registry-push.js';
import { registryAddress, servicesAvailable } from '../../test/support/services.js';
import { startEcr, type StandaloneEcr } from './standalone.js';

const ACCOUNT = '123456789012';
const run = randomBytes(3).toString('hex');

function client(ecr: StandaloneEcr): ECRClient {
  return new ECRClient({
    region: 'us-east-1',
    endpoint: ecr.url, // tests only: the actions get it from AWS_ENDPOINT_URL_ECR
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
  });
}

describe('ECR API without a registry', () => {
  let ecr: StandaloneEcr;
  let sdk: ECRClient;
  beforeAll(async () => {
    ecr = await startEcr({ repositories: [{ name: 'seeded', imageTagMutability: 'IMMUTABLE' }] });
    sdk = client(ecr);
  });
  afterAll(() => ecr.stop());

  it('creates, describes and deletes repositories with AWS shapes', async () => {
    const created = await sdk.send(
      new CreateRepositoryCommand({
        repositoryName: 'team/api',
        imageScanningConfiguration: { scanOnPush: true },
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'buildcache' }],
      }),
    );
    expect(created.repository).toMatchObject({
      repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/team/api`,
      registryId: ACCOUNT,
      repositoryUri: `${ecr.url.replace('http://', '')}/team/api`,
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'AES256' },
    });
    expect(created.repository?.createdAt).toBeInstanceOf(Date);
    const all = await sdk.send(new DescribeRepositoriesCommand({}));
    expect(all.repositories?.map((r) => r.repositoryName)).toEqual(['seeded', 'team/api']);
    const paged = await sdk.send(new DescribeRepositoriesCommand({ maxResults: 1 }));
    expect(paged.repositories).toHaveLength(1);
    expect(paged.nextToken).toBeTruthy();
    await expect(
      sdk.send(new CreateRepositoryCommand({ repositoryName: 'seeded' })),
    ).rejects.toBeInstanceOf(RepositoryAlreadyExistsException);
    await sdk.send(new DeleteRepositoryCommand({ repositoryName: 'team/api' }));
  });

  it('names a missing repository with the exact AWS text', async () => {
    const error = await sdk
      .send(new DescribeRepositoriesCommand({ repositoryNames: ['nope'] }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(RepositoryNotFoundException);
    expect(error.message).toBe(
      `The repository with name 'nope' does not exist in the registry with id '${ACCOUNT}'`,
    );
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('refuses a repository name outside the ECR pattern', async () => {
    await expect(
      sdk.send(new CreateRepositoryCommand({ repositoryName: 'Bad_Name' })),
    ).rejects.toThrow(/repositoryName' failed to satisfy constraint/);
  });

  it('issues a 12-hour AWS:<password> token pointing at its own registry front', async () => {
    const before = Date.now();
    const out = await sdk.send(new GetAuthorizationTokenCommand({}));
    const data = out.authorizationData?.[0];
    expect(data?.proxyEndpoint).toBe(ecr.url);
    const decoded = Buffer.from(data!.authorizationToken!, 'base64').toString();
    expect(decoded).toMatch(/^AWS:.{20,}$/);
    const hours = (data!.expiresAt!.getTime() - before) / 3_600_000;
    expect(hours).toBeGreaterThan(11.99);
    expect(hours).toBeLessThan(12.01);
  });

  it('changes tag mutability', async () => {
    const out = await sdk.send(
      new PutImageTagMutabilityCommand({ repositoryName: 'seeded', imageTagMutability: 'MUTABLE' }),
    );
    expect(out).toMatchObject({
      repositoryName: 'seeded',
      imageTagMutability: 'MUTABLE',
      registryId: ACCOUNT,
    });
  });
});

const registryUp = await servicesAvailable('registry');

describe.skipIf(!registryUp)('ECR backed by the real registry', () => {
  let ecr: StandaloneEcr;
  let sdk: ECRClient;
  let auth: string;
  const mutable = `ecr-test-${run}/mutable`;
  const immutable = `ecr-test-${run}/immutable`;

  beforeAll(async () => {
    ecr = await startEcr({
      registry: registryAddress(),
      repositories: [
        { name: mutable, scanOnPush: true },
        { name: immutable, imageTagMutability: 'IMMUTABLE' },
      ],
    });
    sdk = client(ecr);
    const token = (await sdk.send(new GetAuthorizationTokenCommand({}))).authorizationData![0]!
      .authorizationToken!;
    auth = `Basic ${token}`;
  });
  afterAll(() => ecr.stop());

  it('asks for basic auth and refuses a wrong password', async () => {
    const anonymous = await fetch(`${ecr.url}/v2/`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="/);
    const wrong = await fetch(`${ecr.url}/v2/`, {
      headers: { Authorization: `Basic ${Buffer.from('AWS:wrong').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${ecr.url}/v2/`, { headers: { Authorization: auth } })).status).toBe(200);
  });

  it('describes a pushed image: digest, tags, size, media type, scan on push', async () => {
    const pushed = await pushImage(ecr.url, auth, mutable, 'v1', 'arm64');
    expect(pushed.status).toBe(201);
    const out = await sdk.send(
      new DescribeImagesCommand({ repositoryName: mutable, imageIds: [{ imageTag: 'v1' }] }),
    );
    expect(out.imageDetails?.[0]).toMatchObject({
      registryId: ACCOUNT,
      repositoryName: mutable,
      imageDigest: pushed.digest,
      imageTags: ['v1'],
      imageSizeInBytes: pushed.size,
      imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      imageScanStatus: { status: 'COMPLETE' },
    });
    expect(out.imageDetails?.[0]?.imagePushedAt).toBeInstanceOf(Date);
    const scan = await sdk.send(
      new DescribeImageScanFindingsCommand({
        repositoryName: mutable,
        imageId: { imageDigest: pushed.digest },
      }),
    );
    expect(scan.imageScanStatus?.status).toBe('COMPLETE');
    expect(scan.imageScanFindings?.findings).toEqual([]);
    expect(await imagePlatforms(sdk, `${mutable}@${pushed.digest}`)).toMatchObject({
      digest: pushed.digest,
      platforms: ['linux/arm64'],
      size: pushed.size,
    });
  });

  it('reports injected scan findings on the next push', async () => {
    ecr.control.setScanFindings(mutable, [{ name: 'CVE-2026-0001', severity: 'HIGH' }]);
    const pushed = await pushImage(ecr.url, auth, mutable, 'v2', 'amd64');
    const scan = await sdk.send(
      new DescribeImageScanFindingsCommand({
        repositoryName: mutable,
        imageId: { imageTag: 'v2' },
      }),
    );
    expect(scan.imageId).toEqual({ imageDigest: pushed.digest, imageTag: 'v2' });
    expect(scan.imageScanFindings?.findingSeverityCounts).toEqual({ HIGH: 1 });
    ecr.control.setScanFindings(mutable, []);
  });

  it('BatchGetImage returns failures, not errors, for missing images', async () => {
    const out = await sdk.send(
      new BatchGetImageCommand({
        repositoryName: mutable,
        imageIds: [{ imageTag: 'v1' }, { imageTag: 'nope' }],
      }),
    );
    expect(out.images?.[0]?.imageId?.imageTag).toBe('v1');
    expect(JSON.parse(out.images![0]!.imageManifest!).schemaVersion).toBe(2);
    expect(out.failures).toEqual([
      {
        imageId: { imageTag: 'nope' },
        failureCode: 'ImageNotFound',
        failureReason: 'Requested image not found',
      },
    ]);
  });

  it('DescribeImages throws ImageNotFoundException with the exact text', async () => {
    const error = await sdk
      .send(
        new DescribeImagesCommand({ repositoryName: mutable, imageIds: [{ imageTag: '28f3d25' }] }),
      )
      .catch((e) => e);
    expect(error).toBeInstanceOf(ImageNotFoundException);
    expect(error.message).toBe(
      `The image with imageId {imageDigest:'null', imageTag:'28f3d25'} does not exist within the repository with name '${mutable}' in the registry with id '${ACCOUNT}'`,
    );
    await expect(
      sdk.send(
        new DescribeImageScanFindingsCommand({
          repositoryName: mutable,
          imageId: { imageTag: 'nope' },
        }),
      ),
    ).rejects.toBeInstanceOf(ImageNotFoundException);
  });

  it('moves a tag in a mutable repository, refuses it in an immutable one', async () => {
    await pushImage(ecr.url, auth, mutable, 'moving', 'amd64');
    expect((await pushImage(ecr.url, auth, mutable, 'moving', 'arm64')).status).toBe(201);
    const first = await pushImage(ecr.url, auth, immutable, 'v1', 'amd64');
    expect(first.status).toBe(201);
    expect((await pushImage(ecr.url, auth, immutable, 'v1', 'amd64', first.layer)).status).toBe(
      201,
    );
    const refused = await pushImage(ecr.url, auth, immutable, 'v1', 'arm64');
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      errors: [
        {
          code: 'TAG_INVALID',
          message: `The image tag 'v1' already exists in the '${immutable}' repository and cannot be overwritten because the repository is immutable.`,
          detail: null,
        },
      ],
    });
    await expect(
      sdk.send(
        new DescribeImageScanFindingsCommand({
          repositoryName: immutable,
          imageId: { imageTag: 'v1' },
        }),
      ),
    ).rejects.toBeInstanceOf(ScanNotFoundException);
  });

  it('PutImage adds a tag to a pushed manifest (retag), by AWS rules', async () => {
    const pushed = await pushImage(ecr.url, auth, immutable, 'retag-src', 'amd64');
    const [image] = (
      await sdk.send(
        new BatchGetImageCommand({
          repositoryName: immutable,
          imageIds: [{ imageDigest: pushed.digest }],
        }),
      )
    ).images!;
    const put = (tag: string, imageManifest = image!.imageManifest!) =>
      sdk.send(
        new PutImageCommand({
          repositoryName: immutable,
          imageManifest,
          imageManifestMediaType: image!.imageManifestMediaType,
          imageTag: tag,
        }),
      );
    const tagged = await put('retag-dst');
    expect(tagged.image).toMatchObject({
      repositoryName: immutable,
      imageId: { imageDigest: pushed.digest, imageTag: 'retag-dst' },
      imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    });
    const described = await sdk.send(
      new DescribeImagesCommand({
        repositoryName: immutable,
        imageIds: [{ imageDigest: pushed.digest }],
      }),
    );
    expect(described.imageDetails?.[0]?.imageTags?.sort()).toEqual(['retag-dst', 'retag-src']);
    // The same manifest under the same tag again changes nothing: AWS refuses it as a no-op.
    await expect(put('retag-dst')).rejects.toBeInstanceOf(ImageAlreadyExistsException);
    // An immutable tag never moves to another image.
    const other = await pushImage(ecr.url, auth, immutable, 'retag-other', 'arm64');
    const [otherImage] = (
      await sdk.send(
        new BatchGetImageCommand({
          repositoryName: immutable,
          imageIds: [{ imageDigest: other.digest }],
        }),
      )
    ).images!;
    const moved = await put('retag-dst', otherImage!.imageManifest!).catch((e) => e);
    expect(moved).toBeInstanceOf(ImageTagAlreadyExistsException);
    expect(moved.message).toBe(
      `The image tag 'retag-dst' already exists in the '${immutable}' repository and cannot be overwritten because the repository is immutable.`,
    );
    // BatchGetImage reads each imageId straight from the registry: tag and digest must agree.
    const both = await sdk.send(
      new BatchGetImageCommand({
        repositoryName: immutable,
        imageIds: [
          { imageTag: 'retag-dst', imageDigest: pushed.digest },
          { imageTag: 'retag-dst', imageDigest: other.digest },
          { imageTag: 'retag-dst', imageDigest: `sha256:${'1'.repeat(64)}` },
        ],
      }),
    );
    expect(both.images?.map((i) => i.imageId)).toEqual([
      { imageDigest: pushed.digest, imageTag: 'retag-dst' },
    ]);
    expect(both.failures?.map((f) => f.failureCode)).toEqual([
      'ImageTagDoesNotMatchDigest',
      'ImageNotFound',
    ]);
    // A manifest naming blobs the registry does not hold.
    const missing = JSON.parse(image!.imageManifest!) as { layers: Array<{ digest: string }> };
    missing.layers[0]!.digest = `sha256:${'0'.repeat(64)}`;
    await expect(put('retag-missing', JSON.stringify(missing))).rejects.toBeInstanceOf(
      LayersNotFoundException,
    );
  });

  it('answers name unknown for a repository that does not exist', async () => {
    const response = await fetch(`${ecr.url}/v2/ecr-test-${run}/missing/blobs/uploads/`, {
      method: 'POST',
      headers: { Authorization: auth },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      errors: [
        {
          code: 'NAME_UNKNOWN',
          message: `The repository with name 'ecr-test-${run}/missing' does not exist in the registry with id '${ACCOUNT}'`,
          detail: null,
        },
      ],
    });
  });
});
