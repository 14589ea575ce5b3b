/** ECR's repository operations, each in the region the call was signed for. */
import { AwsError, type Handler } from '../protocol/json-service.js';
import type { EcrCore } from './core.js';
import { invalidParameter } from './messages.js';
import { describeRepository, page } from './views.js';

export function repositoryHandlers(core: EcrCore): Record<string, Handler> {
  const { account } = core;
  return {
    CreateRepository: async (input, ctx) => {
      const regional = core.regional(ctx);
      const repository = regional.table.create({
        name: input.repositoryName,
        createdAt: ctx.now(),
        imageTagMutability: input.imageTagMutability,
        exclusionFilters: input.imageTagMutabilityExclusionFilters,
        scanOnPush: input.imageScanningConfiguration?.scanOnPush,
        encryptionType: input.encryptionConfiguration?.encryptionType,
        kmsKey: input.encryptionConfiguration?.kmsKey,
      });
      const host = await core.registryHost(regional);
      return { repository: describeRepository(account, regional, host, repository) };
    },

    DescribeRepositories: async (input, ctx) => {
      const regional = core.regional(ctx);
      const host = await core.registryHost(regional);
      const names: unknown = input.repositoryNames;
      if (Array.isArray(names)) {
        if (input.nextToken || input.maxResults) {
          throw invalidParameter('nextToken and maxResults cannot be used with repositoryNames');
        }
        return {
          repositories: names.map((n) =>
            describeRepository(account, regional, host, regional.table.get(n)),
          ),
        };
      }
      const all = regional.table.all().map((r) => describeRepository(account, regional, host, r));
      return page(all, input, 'repositories');
    },

    DeleteRepository: async (input, ctx) => {
      const regional = core.regional(ctx);
      const repository = regional.table.get(input.repositoryName);
      if (!input.force && (await core.images(regional, repository)).length > 0) {
        throw new AwsError(
          'RepositoryNotEmptyException',
          `The repository with name '${repository.name}' in registry with id '${account}' cannot be deleted because it still contains images`,
        );
      }
      const host = await core.registryHost(regional);
      const described = describeRepository(account, regional, host, repository);
      regional.table.delete(repository.name);
      return { repository: described };
    },

    PutImageTagMutability: (input, ctx) => {
      const { table } = core.regional(ctx);
      const repository = table.get(input.repositoryName);
      table.setMutability(
        repository,
        input.imageTagMutability,
        input.imageTagMutabilityExclusionFilters,
      );
      return {
        registryId: account,
        repositoryName: repository.name,
        imageTagMutability: repository.imageTagMutability,
        ...(repository.exclusionFilters.length
          ? { imageTagMutabilityExclusionFilters: repository.exclusionFilters }
          : {}),
      };
    },

    PutImageScanningConfiguration: (input, ctx) => {
      const repository = core.regional(ctx).table.get(input.repositoryName);
      repository.scanOnPush = input.imageScanningConfiguration?.scanOnPush === true;
      return {
        registryId: account,
        repositoryName: repository.name,
        imageScanningConfiguration: { scanOnPush: repository.scanOnPush },
      };
    },
  };
}
