// ECR through the one-port emulator (AWS_ENDPOINT_URL_ECR, the real ECRClient), with images pushed
// over the registry API to its /v2 front, which streams them to the real local registry.
import { randomBytes } from 'node:crypto';
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushImage } from '../../test/support/registry-push.js';
import { registryAddress, servicesAvailable } from '../../test/support/services.js';
import { caught, startHarness, type Harness } from './harness.js';

const ACCOUNT = '123456789012';
const run = randomBytes(3).toString('hex');
const registryUp = await servicesAvailable('registry');

let h: Harness;
let ecr: ECRClient;
let front: string;

beforeAll(async () => {
  h = await startHarness({ speed: 0, ...(registryUp ? { registry: registryAddress() } : {}) });
  ecr = new ECRClient({});
  front = h.emulator.url.replace('http://', '');
});
afterAll(async () => {
  await h.emulator.stop();
});

describe('ECR repositories', () => {
  it('create, describe, delete, with the AWS errors', async () => {
    const name = `conformance-${run}/api`;
    const created = await ecr.send(
      new CreateRepositoryCommand({ repositoryName: name, imageTagMutability: 'IMMUTABLE' }),
    );
    expect(created.repository).toMatchObject({
      repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${name}`,
      registryId: ACCOUNT,
      repositoryName: name,
      repositoryUri: `${front}/${name}`,
      imageTagMutability: 'IMMUTABLE',
    });
    const again = await caught(ecr.send(new CreateRepositoryCommand({ repositoryName: name })));
    expect(again.name).toBe('RepositoryAlreadyExistsException');
    expect(again.message).toBe(
      `The repository with name '${name}' already exists in the registry with id '${ACCOUNT}'`,
    );
    const described = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    expect(described.repositories!.map((r) => r.repositoryName)).toEqual([name]);

    await ecr.send(new DeleteRepositoryCommand({ repositoryName: name }));
    const gone = await caught(
      ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] })),
    );
    expect(gone.name).toBe('RepositoryNotFoundException');
    expect(gone.message).toBe(
      `The repository with name '${name}' does not exist in the registry with id '${ACCOUNT}'`,
    );
  });

  it('GetAuthorizationToken: AWS:<password>, 12 h, the front as proxyEndpoint', async () => {
    const now = (await h.control('GET', 'clock')).epochMs as number;
    const data = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData!;
    expect(data).toHaveLength(1);
    const token = Buffer.from(data[0]!.authorizationToken!, 'base64').toString('utf8');
    expect(token).toMatch(/^AWS:.+/);
    expect(data[0]!.proxyEndpoint).toBe(`http://${front}`);
    expect(data[0]!.expiresAt!.getTime() - now).toBe(12 * 3600_000);
  });
});

describe.skipIf(!registryUp)('ECR images behind the front', () => {
  const mutable = `conformance-${run}/mutable`;
  const immutable = `conformance-${run}/immutable`;
  let auth: string;

  beforeAll(async () => {
    await ecr.send(new CreateRepositoryCommand({ repositoryName: mutable }));
    await ecr.send(
      new CreateRepositoryCommand({ repositoryName: immutable, imageTagMutability: 'IMMUTABLE' }),
    );
    const data = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData!;
    auth = `Basic ${data[0]!.authorizationToken}`;
  });

  it('DescribeImages and BatchGetImage show what was pushed; a mutable tag moves', async () => {
    const v1 = await push(mutable, 'latest', 'amd64');
    expect(v1.status).toBe(201);
    const described = await ecr.send(new DescribeImagesCommand({ repositoryName: mutable }));
    expect(described.imageDetails).toEqual([
      expect.objectContaining({
        registryId: ACCOUNT,
        repositoryName: mutable,
        imageDigest: v1.digest,
        imageTags: ['latest'],
      }),
    ]);
    const v2 = await push(mutable, 'latest', 'arm64');
    expect(v2.status).toBe(201);
    const got = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: mutable,
        imageIds: [{ imageTag: 'latest' }, { imageTag: 'missing' }],
      }),
    );
    expect(got.images!.map((i) => i.imageId?.imageDigest)).toEqual([v2.digest]);
    expect(got.failures).toEqual([
      {
        imageId: { imageTag: 'missing' },
        failureCode: 'ImageNotFound',
        failureReason: 'Requested image not found',
      },
    ]);
  });

  it('an immutable tag cannot move: TAG_INVALID with the AWS text', async () => {
    expect((await push(immutable, 'v1', 'amd64')).status).toBe(201);
    const refused = await push(immutable, 'v1', 'arm64');
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
  });

  const push = (name: string, tag: string, arch: string) =>
    pushImage(h.emulator.url, auth, name, tag, arch);
});
