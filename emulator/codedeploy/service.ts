/** The CodeDeploy JsonService (`CodeDeploy_20141006`). */
import type { JsonService } from '../protocol/json-service.js';
import type { EmulatorState } from '../state.js';
import { applicationHandlers } from './applications.js';
import { configHandlers } from './configs.js';
import { deploymentHandlers, type DeploymentDriver } from './deployments.js';
import { groupHandlers } from './groups.js';
import { revisionHandlers } from './revisions.js';
import { targetHandlers } from './targets.js';

export function createCodeDeployService(
  state: EmulatorState,
  driver: DeploymentDriver,
): JsonService {
  return {
    name: 'codedeploy',
    targetPrefix: 'CodeDeploy_20141006',
    handlers: {
      ...applicationHandlers(state),
      ...configHandlers(state),
      ...groupHandlers(state),
      ...deploymentHandlers(state, driver),
      ...targetHandlers(state, driver),
      ...revisionHandlers(state),
    },
  };
}
