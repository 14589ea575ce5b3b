import { AwsError } from '../protocol/json-service.js';

/** ECR's error texts, as the spec (section C) quotes them. */

export function repositoryNotFound(name: string, account: string): AwsError {
  return new AwsError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${account}'`,
  );
}

export function repositoryExists(name: string, account: string): AwsError {
  return new AwsError(
    'RepositoryAlreadyExistsException',
    `The repository with name '${name}' already exists in the registry with id '${account}'`,
  );
}

export interface ImageId {
  imageDigest?: string;
  imageTag?: string;
}

export function describeImageId(id: ImageId): string {
  return `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}`;
}

export function imageNotFound(id: ImageId, repo: string, account: string): AwsError {
  return new AwsError(
    'ImageNotFoundException',
    `The image with imageId ${describeImageId(id)} does not exist within the repository with name '${repo}' in the registry with id '${account}'`,
  );
}

export function scanNotFound(id: ImageId, repo: string, account: string): AwsError {
  return new AwsError(
    'ScanNotFoundException',
    `Image scan does not exist for the image with '${describeImageId(id)}' in the repository with name '${repo}' in the registry with id '${account}'`,
  );
}

export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** The registry-side text docker prints as `tag invalid: ...` on an immutable tag. */
export function immutableTagText(tag: string, repo: string): string {
  return `The image tag '${tag}' already exists in the '${repo}' repository and cannot be overwritten because the repository is immutable.`;
}

export function imageAlreadyExists(
  digest: string,
  tag: string | undefined,
  repo: string,
  account: string,
): AwsError {
  return new AwsError(
    'ImageAlreadyExistsException',
    `Image with digest '${digest}' ${tag ? `and tag '${tag}' ` : ''}already exists in the repository with name '${repo}' in registry with id '${account}'`,
  );
}

export function registryNameUnknownText(repo: string, account: string): string {
  return `The repository with name '${repo}' does not exist in the registry with id '${account}'`;
}
