import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { environments, registry, type EnvironmentConfig, type RegistryConfig } from './config.js';
import { RegistryStack } from './registry-stack.js';
import { ServiceStack } from './service-stack.js';

export interface DeliveryApp {
  readonly app: App;
  readonly registry: RegistryStack;
  readonly staging: ServiceStack;
  readonly production: ServiceStack;
}

/** Stack name per environment: `OrgActions-Staging`, `OrgActions-Production`. */
export function stackName(config: EnvironmentConfig): string {
  return `OrgActions-${config.name[0]?.toUpperCase()}${config.name.slice(1)}`;
}

/**
 * The whole app: the shared registry and one service stack per environment, checked by cdk-nag
 * AwsSolutions at synth (a finding without an acknowledgment fails the synth).
 */
export function buildApp(
  props: AppProps = {},
  config: {
    registry: RegistryConfig;
    environments: Record<EnvironmentConfig['name'], EnvironmentConfig>;
  } = {
    registry,
    environments,
  },
): DeliveryApp {
  const app = new App({
    ...props,
    analyticsReporting: false,
    context: {
      // Template problems CloudFormation would reject at deploy time fail the synth instead.
      '@aws-cdk/core:validateAgainstDefaultRules': true,
      // Registry outputs are imported by the service stacks: keep the producer protected.
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
      ...props.context,
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const registryStack = new RegistryStack(app, 'OrgActions-Registry', config.registry);
  const serviceStack = (env: EnvironmentConfig) =>
    new ServiceStack(app, stackName(env), { config: env, repository: registryStack.repository });
  return {
    app,
    registry: registryStack,
    staging: serviceStack(config.environments.staging),
    production: serviceStack(config.environments.production),
  };
}
