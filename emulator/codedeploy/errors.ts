/** CodeDeploy error texts used in several places (spec A; [infer] where AWS text is unknown). */
import { AwsError } from '../protocol/json-service.js';

export const NAME_PATTERN = /^[A-Za-z0-9+=,.@_-]{1,100}$/;

export function applicationMissing(name: string): AwsError {
  return new AwsError(
    'ApplicationDoesNotExistException',
    `The application ${name} does not exist with the user or AWS account.`,
  );
}

export function groupMissing(name: string): AwsError {
  return new AwsError(
    'DeploymentGroupDoesNotExistException',
    `The deployment group ${name} does not exist with the user or AWS account.`,
  );
}

export function configMissing(name: string): AwsError {
  return new AwsError(
    'DeploymentConfigDoesNotExistException',
    `The deployment configuration ${name} does not exist with the user or AWS account.`,
  );
}

export function deploymentMissing(id: string): AwsError {
  return new AwsError(
    'DeploymentDoesNotExistException',
    `The deployment ${id} does not exist with the user or AWS account.`,
  );
}

export function required(code: string, what: string): AwsError {
  return new AwsError(code, `${what} is required.`);
}
