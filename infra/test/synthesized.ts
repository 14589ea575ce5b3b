import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type DeliveryApp } from '../lib/app.js';
import {
  environments,
  registry,
  type DeploymentEngine,
  type EnvironmentConfig,
} from '../lib/config.js';

const contextFile = new URL('../cdk.context.json', import.meta.url);

/** The shipped configuration with both environments switched to `engine` (the one-line switch). */
export function withEngine(
  engine: DeploymentEngine,
): Record<EnvironmentConfig['name'], EnvironmentConfig> {
  const switched = (config: EnvironmentConfig) => ({
    ...config,
    deployment: { ...config.deployment, engine },
  });
  return { staging: switched(environments.staging), production: switched(environments.production) };
}

/**
 * The app as the CLI builds it: the committed context (availability zones) and no AWS calls;
 * with `engine`, both environments deploy with it instead of the shipped one.
 */
export function synthesizedApp(engine?: DeploymentEngine): DeliveryApp & {
  templates: { registry: Template; staging: Template; production: Template };
  /** Remove the cloud assembly directory. */
  dispose: () => void;
} {
  const outdir = mkdtempSync(join(tmpdir(), 'infra-test-'));
  const built = buildApp(
    { outdir, context: JSON.parse(readFileSync(contextFile, 'utf8')) },
    { registry, environments: engine ? withEngine(engine) : environments },
  );
  return {
    ...built,
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
    templates: {
      registry: Template.fromStack(built.registry),
      staging: Template.fromStack(built.staging),
      production: Template.fromStack(built.production),
    },
  };
}

export type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  [key: string]: unknown;
};

/** The resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** The single resource of a type; fails when there are none or several. */
export function onlyResource(template: Template, type: string): [string, Resource] {
  const entries = Object.entries(resourcesOf(template, type));
  if (entries.length !== 1) throw new Error(`expected one ${type}, found ${entries.length}`);
  return entries[0]!;
}
