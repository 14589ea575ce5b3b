import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { findContainer, loadBalancedContainer, mainContainer } from './main-container.js';

const container = (name: string, ports: number[], essential?: boolean): ContainerDefinition => ({
  name,
  image: `${name}:1`,
  ...(essential === undefined ? {} : { essential }),
  ...(ports.length ? { portMappings: ports.map((containerPort) => ({ containerPort })) } : {}),
});
const family = (...containerDefinitions: ContainerDefinition[]) => ({
  family: 'web',
  containerDefinitions,
});

const web = container('web', [8080]);
const api = container('api', [3000]);
const router = container('log-router', []);
const envoy = container('envoy', [9000, 9901], false);
const admin = container('admin', [8080, 8443]);

describe('loadBalancedContainer', () => {
  it.each<[string, ReturnType<typeof family>, { name?: string; port?: number }, unknown]>([
    [
      'the single essential container with a port',
      family(web, router, envoy),
      {},
      { name: 'web', port: 8080 },
    ],
    [
      'essential unless essential: false',
      family(container('app', [80])),
      {},
      { name: 'app', port: 80 },
    ],
    [
      'the one essential container with the wanted port',
      family(web, api),
      { port: 3000 },
      { name: 'api', port: 3000 },
    ],
    [
      'a named container, essential or not',
      family(web, envoy),
      { name: 'envoy', port: 9901 },
      { name: 'envoy', port: 9901 },
    ],
    [
      'the named container’s only port',
      family(web, api),
      { name: 'api' },
      { name: 'api', port: 3000 },
    ],
    [
      'several essential containers with a port mapping',
      family(web, api, router),
      {},
      {
        problem:
          'several essential containers with a port mapping could take load balancer traffic (web, api); set container-name to one of them',
      },
    ],
    [
      'several essential containers with the wanted port',
      family(web, admin),
      { port: 8080 },
      {
        problem:
          'several essential containers with port 8080 could take load balancer traffic (web, admin); set container-name to one of them',
      },
    ],
    [
      'several ports on the only candidate',
      family(admin, router),
      {},
      {
        problem:
          'container "admin" has several ports (8080, 8443); set container-port to the one the load balancer uses',
      },
    ],
    [
      'several ports on the named container',
      family(web, envoy),
      { name: 'envoy' },
      {
        problem:
          'container "envoy" has several ports (9000, 9901); set container-port to the one the load balancer uses',
      },
    ],
    [
      'no essential container with a port',
      family(router, envoy),
      {},
      {
        problem:
          'no essential container with a port mapping in task definition family "web"; essential containers are: log-router (no ports); set container-name and container-port to match one',
      },
    ],
    [
      'a named container without ports',
      family(web, router),
      { name: 'log-router' },
      { problem: 'container "log-router" has no portMappings; add one or set container-port' },
    ],
    [
      'a named container without the wanted port',
      family(web),
      { name: 'web', port: 80 },
      {
        problem:
          'container "web" has no containerPort 80 in its portMappings; its ports are: 8080; add the port mapping or change container-port',
      },
    ],
    [
      'an unknown name',
      family(web, router),
      { name: 'api' },
      {
        problem:
          'container "api" is not in task definition family "web"; containers are: web, log-router',
      },
    ],
  ])('%s', (_case, td, wanted, expected) => {
    expect(loadBalancedContainer(td, wanted)).toEqual(expected);
  });
});

describe('mainContainer', () => {
  it.each<[string, ReturnType<typeof family>, string | undefined, unknown]>([
    ['the named one', family(web, api), 'api', 'api'],
    ['the only one, ports or not', family(router), undefined, 'log-router'],
    ['the one that takes traffic', family(web, router, envoy), undefined, 'web'],
    [
      'the one essential container with ports, though it has several',
      family(admin, router),
      undefined,
      'admin',
    ],
    [
      'no main one among several',
      family(web, api),
      undefined,
      {
        problem:
          'the task has several containers (web, api) and none is clearly the main one; set container-name, or scope the value as <container>:NAME=value',
      },
    ],
    [
      'an unknown name',
      family(web),
      'api',
      { problem: 'container "api" is not in task definition family "web"; containers are: web' },
    ],
  ])('%s', (_case, td, name, expected) => {
    expect(mainContainer(td, name)).toEqual(expected);
  });
});

describe('findContainer', () => {
  it('lists the containers when the name is unknown, or (none)', () => {
    expect(findContainer({ family: 'x', containerDefinitions: [] }, 'a')).toEqual({
      problem: 'container "a" is not in task definition family "x"; containers are: (none)',
    });
    expect(findContainer(family(web), 'web')).toBe(web);
  });
});
