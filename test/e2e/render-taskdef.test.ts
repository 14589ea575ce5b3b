import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runAction } from '../support/run-action.js';

const ECR = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'c'.repeat(64)}`;
// No AWS credentials and no region: the run must not need AWS at all.
const NO_AWS = {
  AWS_ACCESS_KEY_ID: undefined,
  AWS_PROFILE: undefined,
  AWS_REGION: undefined,
  // Nor shared files, whatever the machine running the tests has in ~/.aws.
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws/credentials',
  AWS_CONFIG_FILE: '/nonexistent/aws/config',
};

describe('render-taskdef bundle (file inputs, verify off)', () => {
  it('renders images, scoped env and secrets, writes both files and sets every output', async () => {
    const out = mkdtempSync(join(tmpdir(), 'render-e2e-'));
    const result = await runAction('render-taskdef', {
      inputs: {
        'task-definition': 'test/fixtures/taskdefs/fargate-web.json',
        images: `web=${ECR}/web@${DIGEST}\nxray=public.ecr.aws/xray/aws-xray-daemon:3.3.14`,
        environment: 'GREETING="hello, world = yes"\nlog-router:FLB_LOG_LEVEL=warn',
        secrets: 'API_KEY=arn:aws:ssm:us-east-1:111122223333:parameter/web/api-key',
        'docker-labels': 'org.opencontainers.image.revision=0123abc',
        hooks: 'AfterAllowTestTraffic=web-smoke-test',
        subnets: 'subnet-a, subnet-b',
        'security-groups': 'sg-1',
        'assign-public-ip': 'DISABLED',
        verify: 'false',
        'output-dir': out,
      },
      env: NO_AWS,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `::warning::container "xray" image "public.ecr.aws/xray/aws-xray-daemon:3.3.14" is pinned by tag only`,
    );
    expect(result.outputs['task-definition']).toBe(join(out, 'task-definition.json'));
    expect(result.outputs.appspec).toBe(join(out, 'appspec.yaml'));
    expect(result.outputs.family).toBe('web');
    expect(result.outputs.changed).toBe('true');
    expect(JSON.parse(result.outputs.images!)).toEqual({
      web: `${ECR}/web@${DIGEST}`,
      'log-router': `public.ecr.aws/aws-observability/aws-for-fluent-bit@sha256:${'2'.repeat(64)}`,
      xray: 'public.ecr.aws/xray/aws-xray-daemon:3.3.14',
    });
    expect(JSON.parse(result.outputs.containers!)[0]).toEqual({
      name: 'web',
      image: `${ECR}/web@${DIGEST}`,
      essential: true,
      ports: [8080],
    });

    const td = JSON.parse(readFileSync(join(out, 'task-definition.json'), 'utf8'));
    const web = td.containerDefinitions[0];
    expect(web.environment).toContainEqual({ name: 'GREETING', value: 'hello, world = yes' });
    expect(web.secrets).toContainEqual({
      name: 'API_KEY',
      valueFrom: 'arn:aws:ssm:us-east-1:111122223333:parameter/web/api-key',
    });
    expect(web.dockerLabels).toEqual({ 'org.opencontainers.image.revision': '0123abc' });
    expect(td.containerDefinitions[1].environment).toEqual([
      { name: 'FLB_LOG_LEVEL', value: 'warn' },
    ]);

    expect(parse(readFileSync(join(out, 'appspec.yaml'), 'utf8'))).toEqual({
      version: '0.0',
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: '<TASK_DEFINITION>',
              LoadBalancerInfo: { ContainerName: 'web', ContainerPort: 8080 },
              NetworkConfiguration: {
                AwsvpcConfiguration: {
                  Subnets: ['subnet-a', 'subnet-b'],
                  SecurityGroups: ['sg-1'],
                  AssignPublicIp: 'DISABLED',
                },
              },
            },
          },
        },
      ],
      Hooks: [{ AfterAllowTestTraffic: 'web-smoke-test' }],
    });
    expect(result.summary).toContain('## render-taskdef: web');
    expect(result.summary).toContain('Image verification is off (verify: false).');
  });

  it('fills ${NAME} placeholders from the environment and keeps the template AppSpec names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-e2e-'));
    const file = join(dir, 'taskdef.yaml');
    writeFileSync(
      file,
      [
        'family: ${FAMILY}',
        'networkMode: awsvpc',
        'requiresCompatibilities: [FARGATE]',
        'cpu: 256',
        'memory: 512',
        'containerDefinitions:',
        '  - name: web',
        '    image: ${IMAGE}',
        '    memory: "${MEM}"',
        '    portMappings:',
        '      - containerPort: ${PORT}',
        '    command: [sh, -c, "exec node server.js --home $${HOME}"]',
      ].join('\n'),
    );
    const result = await runAction('render-taskdef', {
      inputs: {
        'task-definition': file,
        appspec: 'test/fixtures/taskdefs/appspec-template.yaml',
        'output-dir': dir,
      },
      env: {
        ...NO_AWS,
        FAMILY: 'web-staging',
        IMAGE: `${ECR}/web@${DIGEST}`,
        MEM: '256',
        PORT: '8080',
      },
    });
    expect(result.stdout).not.toContain('::error::');
    expect(result.code).toBe(0);
    const td = JSON.parse(readFileSync(join(dir, 'task-definition.json'), 'utf8'));
    expect(td.family).toBe('web-staging');
    expect(td.cpu).toBe('256');
    expect(td.containerDefinitions[0].command[2]).toBe('exec node server.js --home ${HOME}');
    // Filled before integer fields are read: numbers, as RegisterTaskDefinition wants.
    expect(td.containerDefinitions[0].memory).toBe(256);
    expect(td.containerDefinitions[0].portMappings).toEqual([{ containerPort: 8080 }]);
    const appspec = parse(readFileSync(join(dir, 'appspec.yaml'), 'utf8'));
    expect(appspec.Resources[0].WebService.Properties.PlatformVersion).toBe('1.4.0');
    expect(appspec.Hooks).toEqual([{ AfterAllowTestTraffic: 'web-smoke-test' }]);
    // verify: auto without credentials says so, in the log as a notice and in the summary.
    const skipped =
      'Image verification skipped: verify is auto and the job has no AWS credentials in its environment or in /nonexistent/aws/credentials or /nonexistent/aws/config (an EC2 instance profile is not looked for). Set verify: true to verify anyway.';
    expect(result.stdout).toContain(`::notice::${skipped}`);
    expect(result.summary).toContain(skipped);
  });

  it('fails with every problem of the run, one ::error:: and no files written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-e2e-'));
    const result = await runAction('render-taskdef', {
      inputs: {
        'task-definition': 'test/fixtures/taskdefs/fargate-web.json',
        image: `${ECR}/web:latest`,
        environment: '1BAD=x',
        cpu: '256',
        memory: '4096',
        'container-port': '9090',
        'output-dir': join(dir, 'out'),
      },
      env: NO_AWS,
    });
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('4 problems:');
    expect(errors[0]).toContain('uses the tag "latest"');
    expect(errors[0]).toContain('memory 4096 does not fit cpu 256 on Fargate');
    expect(errors[0]).toContain('environment variable "1BAD" is not a valid name');
    expect(errors[0]).toContain(
      'AppSpec: no essential container with port 9090 in task definition family "web"; essential containers are: web (8080), log-router (no ports); set container-name and container-port to match one',
    );
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
    expect(result.outputs).toEqual({});
  });

  it('lists every unfilled placeholder at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-e2e-'));
    const file = join(dir, 'taskdef.json');
    writeFileSync(
      file,
      JSON.stringify({
        family: 'web',
        containerDefinitions: [
          { name: 'web', image: '${IMAGE}', memory: 256, command: ['${CMD}'] },
        ],
      }),
    );
    const result = await runAction('render-taskdef', {
      inputs: { 'task-definition': file, 'allow-mutable-tags': 'true' },
      env: NO_AWS,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${file} uses placeholders with no value: \${IMAGE}, \${CMD}; set them under \`env:\``,
    );
  });

  it('reports a broken appspec template with the task definition problems, in one error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-e2e-'));
    const file = join(dir, 'taskdef.json');
    writeFileSync(
      file,
      JSON.stringify({
        family: 'web',
        containerDefinitions: [
          {
            name: 'web',
            image: 'web:1',
            command: ['${CMD}'],
            memory: 256,
            portMappings: [{ containerPort: 8080 }],
          },
        ],
      }),
    );
    const appspec = join(dir, 'appspec.yaml');
    writeFileSync(appspec, 'version: 1\nResources: []\n');
    const result = await runAction('render-taskdef', {
      inputs: {
        'task-definition': file,
        appspec,
        environment: '1BAD=x',
        'allow-mutable-tags': 'true',
        'output-dir': join(dir, 'out'),
      },
      env: NO_AWS,
    });
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('4 problems:');
    expect(errors[0]).toContain(`${file} uses a placeholder with no value: \${CMD}`);
    expect(errors[0]).toContain('environment variable "1BAD" is not a valid name');
    expect(errors[0]).toContain(`${appspec}: AppSpec version is 1; write version: 0.0`);
    expect(errors[0]).toContain(
      `${appspec}: AppSpec Resources is 0 resources; write a list with exactly one AWS::ECS::Service resource`,
    );
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
    expect(result.outputs).toEqual({});
  });

  it('verify: true without credentials fails in one line that names the step to add', async () => {
    const result = await runAction('render-taskdef', {
      inputs: {
        'task-definition': 'test/fixtures/taskdefs/described-web.json',
        verify: 'true',
        'output-dir': mkdtempSync(join(tmpdir(), 'render-e2e-')),
      },
      // Nowhere to find credentials, and no instance metadata to ask.
      env: { ...NO_AWS, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' },
    });
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^::error::No AWS credentials: .*\. Add aws-actions\/configure-aws-credentials \(role-to-assume, with permissions id-token: write\) before this step\.$/,
      ),
    ]);
  });

  it('refuses `latest` as a live revision before calling AWS', async () => {
    const result = await runAction('render-taskdef', {
      inputs: { 'task-definition': 'live:web:latest' },
      env: NO_AWS,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '::error::Input "task-definition" is "live:web:latest", but ECS has no revision "latest"; write live:web for the newest ACTIVE revision, or a revision number.',
    );
  });
});
