// ECR per region and per registry through the real ECRClient: the region comes from the request's
// SigV4 credential scope (the client's `region`), and every registry id or region that
// GetAuthorizationToken names gets its own proxyEndpoint, so docker logs in to distinct places.
import { randomBytes } from 'node:crypto';
import {
  CreateRepositoryCommand,
  DeleteRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  PutImageTagMutabilityCommand,
} from '@aws-sdk/client-ecr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushImage } from '../../test/support/registry-push.js';
import { registryAddress, servicesAvailable } from '../../test/support/services.js';
import { caught, startHarness, type Harness } from './harness.js';

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const run = randomBytes(3).toString('hex');
const registryUp = await servicesAvailable('registry');

let h: Harness;
let home: ECRClient;
let eu: ECRClient;

beforeAll(async () => {
  h = await startHarness({ speed: 0, ...(registryUp ? { registry: registryAddress() } : {}) });
  home = new ECRClient({});
  eu = new ECRClient({ region: 'eu-west-1' });
});
afterAll(async () => {
  await h.emulator.stop();
});

const token = async (client: ECRClient, registryIds?: string[]) =>
  (await client.send(new GetAuthorizationTokenCommand(registryIds ? { registryIds } : {})))
    .authorizationData!;

describe('ECR repositories per region', () => {
  it('a repository made in eu-west-1 has an eu-west-1 ARN and its own registry host', async () => {
    const name = `regions-${run}/arn`;
    const { repository } = await eu.send(new CreateRepositoryCommand({ repositoryName: name }));
    expect(repository!.repositoryArn).toBe(`arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/${name}`);
    const host = repository!.repositoryUri!.slice(0, -`/${name}`.length);
    expect(host).not.toBe(h.emulator.url.replace('http://', ''));
    expect(host).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('is not visible from us-east-1: RepositoryNotFoundException', async () => {
    const name = `regions-${run}/hidden`;
    await eu.send(new CreateRepositoryCommand({ repositoryName: name }));
    const error = await caught(
      home.send(new DescribeRepositoriesCommand({ repositoryNames: [name] })),
    );
    expect(error.name).toBe('RepositoryNotFoundException');
    expect(error.message).toBe(
      `The repository with name '${name}' does not exist in the registry with id '${ACCOUNT}'`,
    );
  });

  it('a listing shows only the region it was asked in', async () => {
    const name = `regions-${run}/listed`;
    await eu.send(new CreateRepositoryCommand({ repositoryName: name }));
    const inEu = (await eu.send(new DescribeRepositoriesCommand({}))).repositories!;
    const inHome = (await home.send(new DescribeRepositoriesCommand({}))).repositories!;
    expect(inEu.map((r) => r.repositoryName)).toContain(name);
    expect(inHome.map((r) => r.repositoryName)).not.toContain(name);
    expect(inEu.every((r) => r.repositoryArn!.startsWith('arn:aws:ecr:eu-west-1:'))).toBe(true);
  });

  it('the same name exists once per region, without RepositoryAlreadyExistsException', async () => {
    const name = `regions-${run}/twice`;
    const a = await home.send(new CreateRepositoryCommand({ repositoryName: name }));
    const b = await eu.send(new CreateRepositoryCommand({ repositoryName: name }));
    expect(a.repository!.repositoryArn).toContain(':us-east-1:');
    expect(b.repository!.repositoryArn).toContain(':eu-west-1:');
    const again = await caught(eu.send(new CreateRepositoryCommand({ repositoryName: name })));
    expect(again.name).toBe('RepositoryAlreadyExistsException');
  });

  it('deleting in one region leaves the other region’s repository of that name', async () => {
    const name = `regions-${run}/deleted`;
    await home.send(new CreateRepositoryCommand({ repositoryName: name }));
    await eu.send(new CreateRepositoryCommand({ repositoryName: name }));
    await eu.send(new DeleteRepositoryCommand({ repositoryName: name }));
    const left = await home.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
    expect(left.repositories!.map((r) => r.repositoryArn)).toEqual([
      `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/${name}`,
    ]);
    expect(
      (await caught(eu.send(new DescribeRepositoriesCommand({ repositoryNames: [name] })))).name,
    ).toBe('RepositoryNotFoundException');
  });

  it('tag mutability is set per region', async () => {
    const name = `regions-${run}/mutability`;
    await home.send(new CreateRepositoryCommand({ repositoryName: name }));
    await eu.send(new CreateRepositoryCommand({ repositoryName: name }));
    await eu.send(
      new PutImageTagMutabilityCommand({ repositoryName: name, imageTagMutability: 'IMMUTABLE' }),
    );
    const [inHome] = (await home.send(new DescribeRepositoriesCommand({ repositoryNames: [name] })))
      .repositories!;
    const [inEu] = (await eu.send(new DescribeRepositoriesCommand({ repositoryNames: [name] })))
      .repositories!;
    expect([inHome!.imageTagMutability, inEu!.imageTagMutability]).toEqual([
      'MUTABLE',
      'IMMUTABLE',
    ]);
  });
});

describe('GetAuthorizationToken: one proxyEndpoint per registry', () => {
  it('two registry ids get two distinct endpoints; the own one is the emulator port', async () => {
    const data = await token(home, [ACCOUNT, OTHER]);
    expect(data).toHaveLength(2);
    expect(data[0]!.proxyEndpoint).toBe(h.emulator.url);
    expect(data[1]!.proxyEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(data[1]!.proxyEndpoint).not.toBe(data[0]!.proxyEndpoint);
  });

  it('a registry keeps its endpoint from call to call', async () => {
    const first = await token(home, [OTHER]);
    const second = await token(home, [OTHER]);
    expect(second[0]!.proxyEndpoint).toBe(first[0]!.proxyEndpoint);
  });

  it('the same registry id in another region is another registry', async () => {
    const [inHome] = await token(home);
    const [inEu] = await token(eu);
    expect(inEu!.proxyEndpoint).not.toBe(inHome!.proxyEndpoint);
    const name = `regions-${run}/endpoint`;
    const { repository } = await eu.send(new CreateRepositoryCommand({ repositoryName: name }));
    expect(repository!.repositoryUri).toBe(
      `${inEu!.proxyEndpoint!.replace('http://', '')}/${name}`,
    );
  });

  it('refuses a registry id that is not 12 digits', async () => {
    const error = await caught(
      home.send(new GetAuthorizationTokenCommand({ registryIds: ['abc'] })),
    );
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toContain("'registryIds'");
    expect(error.message).toContain('[0-9]{12}');
  });

  it('refuses more than 10 registry ids', async () => {
    const ids = Array.from({ length: 11 }, (_, i) => String(100000000000 + i));
    const error = await caught(home.send(new GetAuthorizationTokenCommand({ registryIds: ids })));
    expect(error.name).toBe('InvalidParameterException');
  });
});

describe.skipIf(!registryUp)('ECR registries behind their own endpoints', () => {
  it('an image pushed to eu-west-1 is described there and not in us-east-1', async () => {
    const name = `regions-${run}/images`;
    await home.send(new CreateRepositoryCommand({ repositoryName: name }));
    await eu.send(new CreateRepositoryCommand({ repositoryName: name }));
    const [auth] = await token(eu);
    const pushed = await pushImage(
      auth!.proxyEndpoint!,
      `Basic ${auth!.authorizationToken}`,
      name,
      'v1',
      'amd64',
    );
    expect(pushed.status).toBe(201);
    const inEu = await eu.send(new DescribeImagesCommand({ repositoryName: name }));
    expect(inEu.imageDetails!.map((i) => [i.imageDigest, i.imageTags])).toEqual([
      [pushed.digest, ['v1']],
    ]);
    const inHome = await home.send(new DescribeImagesCommand({ repositoryName: name }));
    expect(inHome.imageDetails).toEqual([]);
  });

  it('each endpoint asks for the token and accepts it: docker login’s handshake', async () => {
    const data = await token(home, [ACCOUNT, OTHER]);
    for (const entry of data) {
      const anonymous = await fetch(`${entry.proxyEndpoint}/v2/`);
      expect(anonymous.status).toBe(401);
      const signedIn = await fetch(`${entry.proxyEndpoint}/v2/`, {
        headers: { Authorization: `Basic ${entry.authorizationToken}` },
      });
      expect(signedIn.status).toBe(200);
    }
  });

  it('another account’s registry holds none of ours: NAME_UNKNOWN naming that registry', async () => {
    const name = `regions-${run}/ours`;
    await home.send(new CreateRepositoryCommand({ repositoryName: name }));
    const [other] = await token(home, [OTHER]);
    const answer = await fetch(`${other!.proxyEndpoint}/v2/${name}/tags/list`, {
      headers: { Authorization: `Basic ${other!.authorizationToken}` },
    });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({
      errors: [
        {
          code: 'NAME_UNKNOWN',
          message: `The repository with name '${name}' does not exist in the registry with id '${OTHER}'`,
          detail: null,
        },
      ],
    });
  });
});
