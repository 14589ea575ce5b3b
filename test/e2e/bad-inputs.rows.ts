/**
 * Bad inputs people really type, one row each, across the four bundles (issue 19). Each row names
 * the input the one `::error` must name, the value it must show (none for a secret), a pattern
 * for the fix it must give, and the class of the issue it covers.
 */

/** Paths made once for the whole file (see bad-inputs.test.ts). */
export interface Fixtures {
  /** A file that exists (plain text). */
  file: string;
  /** A folder that exists. */
  folder: string;
  missing: string;
  /** render-taskdef's output for staging/web: task definition and AppSpec. */
  taskDefinition: string;
  appspec: string;
  /** A task definition file whose images are pinned by digest. */
  goodTaskDefinition: string;
  outputDir: string;
}

export type Action = 'render-taskdef' | 'bluegreen-deploy' | 'build-push' | 'notify-slack';

export interface Row {
  action: Action;
  /** Issue 19 class: 1 paths, 2 what ships, 3 verify, 4 messages, 5 all at once, 6 limits, 7 secrets over http, 0 other. */
  class: number;
  name: string;
  inputs: (f: Fixtures) => Record<string, string>;
  /** The input the annotation names. */
  input: string;
  /** The value it shows; undefined when the value is a secret (then `secret` must not appear). */
  value?: (f: Fixtures) => string;
  fix: RegExp;
  secret?: string;
  /** Further text the annotation must hold (every problem at once). */
  also?: string[];
  /** A warning the run must also print. */
  warning?: RegExp;
}

const ECR = '111122223333.dkr.ecr.us-east-1.amazonaws.com';
const DIGEST = `sha256:${'a'.repeat(64)}`;
const IMAGE = `${ECR}/web@${DIGEST}`;
const WEBHOOK_SECRET = 'T0BADINPUT/B0BADINPUT/hush1234567890';
const BOT_TOKEN = 'xoxb-0000-1111-badinputtoken';

const render = (f: Fixtures, more: Record<string, string>) => ({
  'task-definition': f.goodTaskDefinition,
  image: IMAGE,
  verify: 'false',
  'output-dir': f.outputDir,
  ...more,
});
const deploy = (f: Fixtures, more: Record<string, string>) => ({
  cluster: 'staging',
  service: 'web',
  'task-definition': f.taskDefinition,
  appspec: f.appspec,
  ...more,
});
const build = (f: Fixtures, more: Record<string, string>) => ({
  repository: 'web',
  context: 'test/fixtures/images/app',
  push: 'false',
  ...more,
});
const notify = (more: Record<string, string>) => ({
  status: 'started',
  'webhook-url': 'http://127.0.0.1:9/services/local',
  ...more,
});

function rt(
  cls: number,
  name: string,
  more: (f: Fixtures) => Record<string, string>,
  input: string,
  value: ((f: Fixtures) => string) | string | undefined,
  fix: RegExp,
  extra: Partial<Row> = {},
): Row {
  return row('render-taskdef', cls, name, (f) => render(f, more(f)), input, value, fix, extra);
}
function bg(
  cls: number,
  name: string,
  more: (f: Fixtures) => Record<string, string>,
  input: string,
  value: ((f: Fixtures) => string) | string | undefined,
  fix: RegExp,
  extra: Partial<Row> = {},
): Row {
  return row('bluegreen-deploy', cls, name, (f) => deploy(f, more(f)), input, value, fix, extra);
}
function bp(
  cls: number,
  name: string,
  more: (f: Fixtures) => Record<string, string>,
  input: string,
  value: ((f: Fixtures) => string) | string | undefined,
  fix: RegExp,
  extra: Partial<Row> = {},
): Row {
  return row('build-push', cls, name, (f) => build(f, more(f)), input, value, fix, extra);
}
function ns(
  cls: number,
  name: string,
  more: Record<string, string>,
  input: string,
  value: string | undefined,
  fix: RegExp,
  extra: Partial<Row> = {},
): Row {
  return row('notify-slack', cls, name, () => notify(more), input, value, fix, extra);
}
function row(
  action: Action,
  cls: number,
  name: string,
  inputs: (f: Fixtures) => Record<string, string>,
  input: string,
  value: ((f: Fixtures) => string) | string | undefined,
  fix: RegExp,
  extra: Partial<Row>,
): Row {
  const shown = typeof value === 'string' ? () => value : value;
  return { action, class: cls, name, inputs, input, value: shown, fix, ...extra };
}

export const ROWS: Row[] = [
  // ---- render-taskdef
  rt(
    1,
    'output-dir is a file',
    (f) => ({ 'output-dir': f.file }),
    'output-dir',
    (f) => f.file,
    /name a folder/,
  ),
  rt(
    1,
    'output-dir under a file',
    (f) => ({ 'output-dir': `${f.file}/out` }),
    'output-dir',
    (f) => `${f.file}/out`,
    /name a folder that is not inside a file/,
  ),
  rt(
    1,
    'appspec is a folder',
    (f) => ({ appspec: f.folder }),
    'appspec',
    (f) => f.folder,
    /name the file inside it/,
  ),
  rt(
    1,
    'appspec does not exist',
    (f) => ({ appspec: f.missing }),
    'appspec',
    (f) => f.missing,
    /check the path/,
  ),
  rt(
    1,
    'task-definition is a folder',
    (f) => ({ 'task-definition': f.folder }),
    'task-definition',
    (f) => f.folder,
    /name the file inside it/,
  ),
  rt(
    1,
    'task-definition does not exist',
    (f) => ({ 'task-definition': f.missing }),
    'task-definition',
    (f) => f.missing,
    /live:<family>/,
  ),
  rt(
    2,
    'images is only whitespace (an empty upstream output)',
    () => ({ image: '', images: '\n  \n' }),
    'images',
    // show() quotes it like JSON: the newline reaches the log as \n, on one line.
    '"\\n  \\n"',
    /pass a value or remove the input/,
  ),
  rt(
    2,
    'image is only whitespace',
    () => ({ image: '   ' }),
    'image',
    '   ',
    /pass a value or remove the input/,
  ),
  rt(
    2,
    'no image: the live tag-pinned image would ship',
    () => ({ 'task-definition': 'service:staging/web', image: '' }),
    'image',
    `123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0`,
    /pin it by digest .* or set allow-mutable-tags: true/,
    { warning: /no image was given, so container "web" keeps/ },
  ),
  rt(
    2,
    'routed image pinned by a version tag',
    () => ({ image: `${ECR}/web:1.4.2` }),
    'image',
    `${ECR}/web:1.4.2`,
    /pin it by digest .*allow-mutable-tags: true/,
  ),
  rt(
    2,
    'routed image tagged latest',
    () => ({ image: `${ECR}/web:latest` }),
    'image',
    `${ECR}/web:latest`,
    /allow-mutable-tags: true/,
  ),
  rt(
    2,
    'image with no tag means latest',
    () => ({ image: `${ECR}/web` }),
    'image',
    `${ECR}/web`,
    /pin it by digest/,
  ),
  rt(
    0,
    'image is not an image reference',
    () => ({ image: 'Web App:1' }),
    'image',
    'Web App:1',
    /image/,
  ),
  rt(
    2,
    'allow-mutable-tags is not a boolean',
    () => ({ 'allow-mutable-tags': 'maybe' }),
    'allow-mutable-tags',
    'maybe',
    /write true or false/,
  ),
  rt(
    3,
    'verify is not auto/true/false',
    () => ({ verify: 'yes' }),
    'verify',
    'yes',
    /write one of: auto, true, false/,
  ),
  rt(
    3,
    'verify true: an image in another region that is not there',
    () => ({ verify: 'true', image: `${ECR.replace('us-east-1', 'eu-west-1')}/web@${DIGEST}` }),
    'image',
    `eu-west-1`,
    /push|build|exist|not found/i,
  ),
  rt(
    4,
    'an AppSpec given as task-definition',
    (f) => ({ 'task-definition': f.appspec }),
    'task-definition',
    (f) => f.appspec,
    /give it as the `appspec` input/,
  ),
  rt(
    5,
    'two bad environment names',
    () => ({ environment: '1BAD=x\nBAD-NAME=y' }),
    'environment',
    '1BAD',
    /letters, digits and underscores/,
    { also: ['BAD-NAME'] },
  ),
  rt(
    5,
    'two environment lines without =',
    () => ({ environment: 'FOO\nBAR' }),
    'environment',
    'FOO',
    /write KEY=VALUE/,
    { also: ['"BAR"'] },
  ),
  rt(
    5,
    'two bad docker labels lines',
    () => ({ 'docker-labels': 'team\nowner' }),
    'docker-labels',
    'team',
    /write KEY=VALUE/,
    { also: ['"owner"'] },
  ),
  rt(
    6,
    'task definition over 64 KiB',
    () => ({ environment: `BIG=${'x'.repeat(70_000)}` }),
    'environment',
    '65536',
    /move large values out of environment/,
  ),
  rt(
    0,
    'container-port out of range',
    () => ({ 'container-port': '99999' }),
    'container-port',
    '99999',
    /1 to 65535/,
  ),
  rt(
    0,
    'env-mode unknown',
    () => ({ 'env-mode': 'overwrite' }),
    'env-mode',
    'overwrite',
    /write one of: merge, replace/,
  ),
  rt(
    0,
    'runtime-platform unknown',
    () => ({ 'runtime-platform': 'linux/s390x' }),
    'runtime-platform',
    'linux/s390x',
    /linux\/amd64 or linux\/arm64/,
  ),
  rt(
    0,
    'assign-public-ip not ENABLED/DISABLED',
    () => ({ subnets: 'subnet-1', 'assign-public-ip': 'YES' }),
    'assign-public-ip',
    'YES',
    /write ENABLED or DISABLED/,
  ),
  rt(
    0,
    'security-groups without subnets',
    () => ({ 'security-groups': 'sg-1' }),
    'subnets',
    'empty',
    /list the subnets too/,
  ),
  rt(
    0,
    'capacity-provider-strategy weight not a number',
    () => ({ 'capacity-provider-strategy': 'FARGATE weight=x' }),
    'capacity-provider-strategy',
    'weight=x',
    /weight=<n>/,
  ),
  rt(
    0,
    'service without cluster',
    () => ({ service: 'web' }),
    'cluster',
    'service',
    /add `cluster:/,
  ),
  rt(
    0,
    'command with an unclosed quote',
    () => ({ command: 'node "server.js' }),
    'command',
    'node \\"server.js',
    /close the quote/,
  ),
  rt(
    0,
    'container-name not in the task definition',
    () => ({ 'container-name': 'api' }),
    'container-name',
    'api',
    /write one of: web, log-router, xray/,
  ),
  rt(
    0,
    'task-definition source malformed',
    () => ({ 'task-definition': 'service:web' }),
    'task-definition',
    'service:web',
    /service:<cluster>\/<service>/,
  ),
  // ---- bluegreen-deploy
  bg(
    1,
    'task-definition is a folder',
    (f) => ({ 'task-definition': f.folder }),
    'task-definition',
    (f) => f.folder,
    /name the file inside it/,
  ),
  bg(
    1,
    'task-definition does not exist',
    (f) => ({ 'task-definition': f.missing }),
    'task-definition',
    (f) => f.missing,
    /check the path/,
  ),
  bg(
    1,
    'appspec is a folder',
    (f) => ({ appspec: f.folder }),
    'appspec',
    (f) => f.folder,
    /name the file inside it/,
  ),
  bg(
    1,
    'appspec does not exist',
    (f) => ({ appspec: f.missing }),
    'appspec',
    (f) => f.missing,
    /check the path/,
  ),
  bg(
    4,
    'an AppSpec given as task-definition',
    (f) => ({ 'task-definition': f.appspec }),
    'task-definition',
    (f) => f.appspec,
    /give it as the `appspec` input/,
  ),
  bg(
    4,
    'deployment-config near miss',
    () => ({ 'deployment-config': 'CodeDeployDefault.ECSLinear10PercentEvery1Minute' }),
    'deployment-config',
    'CodeDeployDefault.ECSLinear10PercentEvery1Minute',
    /Did you mean CodeDeployDefault\.ECSLinear10PercentEvery1Minutes\?/,
  ),
  bg(
    2,
    'cluster is only whitespace',
    () => ({ cluster: ' \n' }),
    'cluster',
    '\\n',
    /pass a value or remove the input/,
  ),
  bg(
    0,
    'timeout without a unit',
    () => ({ timeout: '30' }),
    'timeout',
    '30',
    /has no unit; write a duration/,
  ),
  bg(
    0,
    'timeout not a duration',
    () => ({ timeout: 'half an hour' }),
    'timeout',
    'half an hour',
    /such as 90s, 10m or 1h/,
  ),
  bg(
    0,
    'on-conflict unknown',
    () => ({ 'on-conflict': 'skip' }),
    'on-conflict',
    'skip',
    /write one of: fail, wait, replace/,
  ),
  bg(
    0,
    'wait-until unknown',
    () => ({ 'wait-until': 'done' }),
    'wait-until',
    'done',
    /write one of:/,
  ),
  bg(
    0,
    'command unknown',
    () => ({ command: 'redeploy' }),
    'command',
    'redeploy',
    /write one of: deploy, promote, rollback, status/,
  ),
  bg(
    0,
    'auto-rollback not a boolean',
    () => ({ 'auto-rollback': 'yes' }),
    'auto-rollback',
    'yes',
    /write true or false/,
  ),
  bg(0, 'max-attempts zero', () => ({ 'max-attempts': '0' }), 'max-attempts', '0', /from 1 to 20/),
  bg(
    0,
    'deployment-id malformed',
    () => ({ command: 'status', 'deployment-id': 'd-123' }),
    'deployment-id',
    'd-123',
    /such as d-ABCDEFGHI/,
  ),
  bg(
    0,
    'test-url not http',
    () => ({ 'test-url': 'ftp://10.0.0.1' }),
    'test-url',
    'ftp://10.0.0.1',
    /http:\/\/ or https:\/\//,
  ),
  bg(
    7,
    'test-header without a colon (the header stays hidden)',
    () => ({ 'test-header': 'X-Route-hush-token-value' }),
    'test-header',
    undefined,
    /write Name: value/,
    { secret: 'X-Route-hush-token-value' },
  ),
  bg(
    7,
    'test-header with no gate to send it with (the header stays hidden)',
    () => ({ 'test-header': 'X-Route: hush-token-value' }),
    'test-header',
    undefined,
    /write test-url .*or remove test-header/,
    { secret: 'hush-token-value' },
  ),
  bg(
    0,
    'container-port without container-name',
    () => ({ 'container-port': '8080' }),
    'container-port',
    '8080',
    /write both/,
  ),
  bg(
    0,
    'task-definition ARN without revision',
    () => ({ 'task-definition': 'arn:aws:ecs:us-east-1:123456789012:task-definition/web' }),
    'task-definition',
    'arn:aws:ecs:us-east-1:123456789012:task-definition/web',
    /<family>:<revision>/,
  ),
  bg(
    0,
    'test-window out of range',
    () => ({ 'test-window': '2h' }),
    'test-window',
    '2h',
    /out of range/,
  ),
  bg(
    5,
    'two tags lines without =',
    () => ({ tags: 'team\nowner' }),
    'tags',
    'team',
    /write KEY=VALUE/,
    { also: ['"owner"'] },
  ),
  // ---- build-push
  bp(
    1,
    'context is a file',
    (f) => ({ context: f.file }),
    'context',
    (f) => f.file,
    /name the folder that holds it/,
  ),
  bp(
    1,
    'context does not exist',
    (f) => ({ context: f.missing }),
    'context',
    (f) => f.missing,
    /write the folder to build/,
  ),
  bp(
    1,
    'file is a folder',
    (f) => ({ file: f.folder }),
    'file',
    (f) => f.folder,
    /name the file inside it/,
  ),
  bp(
    1,
    'file does not exist',
    (f) => ({ file: f.missing }),
    'file',
    (f) => f.missing,
    /Dockerfile's path/,
  ),
  bp(
    1,
    'task-definition is a folder',
    (f) => ({ 'task-definition': f.folder }),
    'task-definition',
    (f) => f.folder,
    /name the file inside it/,
  ),
  bp(
    2,
    'context is only whitespace',
    () => ({ context: '  ' }),
    'context',
    '  ',
    /pass a value or remove the input/,
  ),
  bp(
    0,
    'repository with a tag',
    () => ({ repository: 'web:1.0' }),
    'repository',
    'web:1.0',
    /put tags in `tags`/,
  ),
  bp(0, 'push not a boolean', () => ({ push: 'yes' }), 'push', 'yes', /write true or false/),
  bp(0, 'cache unknown', () => ({ cache: 'memory' }), 'cache', 'memory', /write one of/),
  bp(0, 'scan severity unknown', () => ({ scan: 'SEVERE' }), 'scan', 'SEVERE', /CRITICAL/),
  bp(
    0,
    'scan-timeout without unit',
    () => ({ 'scan-timeout': '10' }),
    'scan-timeout',
    '10',
    /has no unit/,
  ),
  bp(
    0,
    'platforms not os/arch',
    () => ({ platforms: 'amd64' }),
    'platforms',
    'amd64',
    /linux\/amd64/,
  ),
  bp(
    5,
    'two build-args lines without =',
    () => ({ 'build-args': 'NODE_ENV\nPORT' }),
    'build-args',
    'NODE_ENV',
    /write KEY=VALUE/,
    { also: ['"PORT"'] },
  ),
  bp(
    7,
    'a secrets line without = (the secret stays hidden)',
    () => ({ secrets: 'NPM_TOKEN=ok\nhunter2-hush-value' }),
    'secrets',
    undefined,
    /ID=VALUE/,
    { secret: 'hunter2-hush-value' },
  ),
  // ---- notify-slack
  ns(
    7,
    'webhook-url over http to a remote host',
    { 'webhook-url': `http://hooks.slack.com/services/${WEBHOOK_SECRET}` },
    'webhook-url',
    undefined,
    /use the https:\/\/ URL/,
    { secret: WEBHOOK_SECRET },
  ),
  ns(
    7,
    'webhook-url over http to a private address',
    { 'webhook-url': `http://10.1.2.3/services/${WEBHOOK_SECRET}` },
    'webhook-url',
    undefined,
    /use the https:\/\/ URL/,
    { secret: WEBHOOK_SECRET },
  ),
  ns(
    7,
    'webhook-url not a URL',
    { 'webhook-url': `hooks.slack.com/services/${WEBHOOK_SECRET}` },
    'webhook-url',
    undefined,
    /copy the Webhook URL/,
    { secret: WEBHOOK_SECRET },
  ),
  ns(
    6,
    '#name channel with ts',
    { 'webhook-url': '', 'bot-token': BOT_TOKEN, channel: '#deploys', ts: '1712345678.123456' },
    'channel',
    '#deploys',
    /pass the channel output/,
    { secret: BOT_TOKEN },
  ),
  ns(
    0,
    'bot-token without channel',
    { 'webhook-url': '', 'bot-token': BOT_TOKEN },
    'channel',
    'bot-token',
    /channel: C0123ABCD/,
    { secret: BOT_TOKEN },
  ),
  ns(0, 'status unknown', { status: 'deployed' }, 'status', 'deployed', /write one of/),
  ns(
    2,
    'status only whitespace',
    { status: '\n' },
    'status',
    '\\n',
    /pass a value or remove the input/,
  ),
  ns(0, 'traffic over 100', { traffic: '150' }, 'traffic', '150', /0 to 100/),
  ns(
    5,
    'two mentions Slack cannot notify',
    { status: 'failed', 'mention-on-failure': '@bob @alice' },
    'mention-on-failure',
    '@bob',
    /write @here, @channel/,
    { also: ['@alice'] },
  ),
  ns(
    1,
    'template is a folder',
    { template: 'test/fixtures' },
    'template',
    'test/fixtures',
    /name the file inside it/,
  ),
  ns(
    1,
    'template file does not exist',
    { template: 'missing-template.yml' },
    'template',
    'missing-template.yml',
    /check the path/,
  ),
  ns(
    0,
    'fail-on-error not a boolean',
    { 'fail-on-error': 'maybe' },
    'fail-on-error',
    'maybe',
    /write true or false/,
  ),
  ns(
    0,
    'webhook-url with channel',
    { channel: 'C0123ABCD' },
    'channel',
    'C0123ABCD',
    /webhook posts to its own channel/,
  ),
  ns(
    0,
    'ts not a Slack timestamp',
    { 'webhook-url': '', 'bot-token': BOT_TOKEN, channel: 'C0123ABCD', ts: 'yesterday' },
    'ts',
    'yesterday',
    /such as 1712345678\.123456/,
    { secret: BOT_TOKEN },
  ),
  ns(
    0,
    'slack-api-url not http(s)',
    { 'slack-api-url': 'slack.com/api' },
    'slack-api-url',
    'slack.com/api',
    /https:\/\//,
  ),
];
