/** The ECS JsonService: every operation the emulator answers for `AmazonEC2ContainerServiceV20141113`. */
import type { JsonService } from '../protocol/json-service.js';
import type { EmulatorState } from '../state.js';
import { nativeHandlers } from './native/api.js';
import { serviceHandlers } from './services.js';
import { taskDefinitionHandlers } from './task-definitions.js';
import { runTaskHandlers, type RunTaskOptions } from './run-task.js';
import { taskHandlers } from './tasks.js';
import { taskSetHandlers } from './task-sets.js';

export function createEcsService(
  state: EmulatorState,
  options: RunTaskOptions = { runsTasks: false },
): JsonService {
  return {
    name: 'ecs',
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    handlers: {
      ...taskDefinitionHandlers(state),
      ...serviceHandlers(state),
      ...taskSetHandlers(state),
      ...taskHandlers(state),
      ...runTaskHandlers(state, options),
      ...nativeHandlers(state),
    },
  };
}
