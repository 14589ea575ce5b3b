// tagImage against the emulated ECR over the real registry: the tags land on the pushed
// manifest, a repeat is a no-op, and an immutable tag naming another image is refused.
import { randomBytes } from 'node:crypto';
import {
  DescribeImagesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEcr, type StandaloneEcr } from '../../emulator/ecr/standalone.js';
import { pushImage } from '../../test/support/registry-push.js';
import { registryAddress, servicesAvailable } from '../../test/support/services.js';
import { ActionError } from '../errors/action-error.js';
import { readImage } from './image-platforms.js';
import { tagImage } from './tag-image.js';

const run = randomBytes(3).toString('hex');
const mutable = `tag-image-${run}/mutable`;
const immutable = `tag-image-${run}/immutable`;
const registryUp = await servicesAvailable('registry');

describe.skipIf(!registryUp)('tagImage', () => {
  let ecr: StandaloneEcr;
  let sdk: ECRClient;
  let auth: string;
  beforeAll(async () => {
    ecr = await startEcr({
      registry: registryAddress(),
      repositories: [{ name: mutable }, { name: immutable, imageTagMutability: 'IMMUTABLE' }],
    });
    sdk = new ECRClient({
      region: 'us-east-1',
      endpoint: ecr.url, // tests only: the actions get it from AWS_ENDPOINT_URL_ECR
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    });
    const data = (await sdk.send(new GetAuthorizationTokenCommand({}))).authorizationData!;
    auth = `Basic ${data[0]!.authorizationToken!}`;
  });
  afterAll(() => ecr?.stop());

  const tagsOf = async (repositoryName: string, imageDigest: string) =>
    (
      await sdk.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageDigest }] }))
    ).imageDetails?.[0]?.imageTags?.sort();

  it('adds every tag to the pushed manifest, and a repeat changes nothing', async () => {
    const pushed = await pushImage(ecr.url, auth, mutable, 'sha-1111111', 'amd64');
    const image = await readImage(sdk, `${mutable}@${pushed.digest}`);
    await tagImage(sdk, image, ['main', 'buildcache']);
    expect(await tagsOf(mutable, pushed.digest)).toEqual(['buildcache', 'main', 'sha-1111111']);
    await tagImage(sdk, image, ['main', 'buildcache']);
    expect(await tagsOf(mutable, pushed.digest)).toEqual(['buildcache', 'main', 'sha-1111111']);
  });

  it('moves a mutable tag to the new image', async () => {
    const first = await pushImage(ecr.url, auth, mutable, 'sha-2222222', 'amd64');
    await tagImage(sdk, await readImage(sdk, `${mutable}@${first.digest}`), ['moving']);
    const second = await pushImage(ecr.url, auth, mutable, 'sha-3333333', 'arm64');
    await tagImage(sdk, await readImage(sdk, `${mutable}@${second.digest}`), ['moving']);
    expect(await tagsOf(mutable, second.digest)).toEqual(['moving', 'sha-3333333']);
    expect(await tagsOf(mutable, first.digest)).toEqual(['sha-2222222']);
  });

  it('refuses to move an immutable tag, naming the tag and the fix', async () => {
    await pushImage(ecr.url, auth, immutable, 'v1', 'amd64');
    const other = await pushImage(ecr.url, auth, immutable, 'sha-4444444', 'arm64');
    const image = await readImage(sdk, `${immutable}@${other.digest}`);
    const error = await tagImage(sdk, image, ['v1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toBe(
      `Tagging ${immutable}@${other.digest} as "v1" refused: The image tag 'v1' already exists in the '${immutable}' repository and cannot be overwritten because the repository is immutable.`,
    );
  });
});
