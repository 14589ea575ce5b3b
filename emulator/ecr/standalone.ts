import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError, type JsonService } from '../protocol/json-service.js';
import { signedRegion } from '../protocol/signature.js';
import { createEcrService, type EcrControl, type EcrOptions } from './service.js';

export interface StandaloneEcr {
  url: string;
  /** Environment that points AWS SDK clients (and the bundled actions) at this ECR. */
  env(): Record<string, string>;
  control: EcrControl;
  stop(): Promise<void>;
}

/**
 * ECR alone on one port: the awsJson1_1 API on `POST /` and the registry front on `/v2/`.
 * The full emulator (emulator/index.ts) serves the same service next to ECS and CodeDeploy;
 * this is for ECR's own tests and benchmarks, with the same wire framing (spec D.1, D.2).
 */
export async function startEcr(
  options: Partial<EcrOptions> & { port?: number } = {},
): Promise<StandaloneEcr> {
  let url = '';
  const ecr = createEcrService({
    account: options.account ?? '123456789012',
    region: options.region ?? 'us-east-1',
    registry: options.registry,
    repositories: options.repositories,
    endpoint: () => url,
  });
  const server = createServer((req, res) => {
    void (async () => {
      if (await ecr.handleRegistry?.(req, res)) return;
      await answerJson(
        ecr.service,
        req,
        res,
        options.account ?? '123456789012',
        options.region ?? 'us-east-1',
      );
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: () => ({
      AWS_ENDPOINT_URL_ECR: url,
      AWS_REGION: options.region ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEMULATOR',
      AWS_SECRET_ACCESS_KEY: 'emulator',
    }),
    control: ecr.control,
    stop: async () => {
      await ecr.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

async function answerJson(
  service: JsonService,
  req: IncomingMessage,
  res: ServerResponse,
  account: string,
  region: string,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = String(req.headers['x-amz-target'] ?? '');
  const send = (status: number, body: unknown, type?: string) => {
    res.writeHead(status, {
      'Content-Type': 'application/x-amz-json-1.1',
      'x-amzn-RequestId': randomUUID(),
      ...(type ? { 'x-amzn-ErrorType': type } : {}),
    });
    res.end(JSON.stringify(body));
  };
  const [prefix, operation = ''] = target.split('.');
  const handler = prefix === service.targetPrefix ? service.handlers[operation] : undefined;
  if (!handler) {
    send(
      400,
      { __type: 'UnknownOperationException', message: `Unknown operation ${target}` },
      'UnknownOperationException',
    );
    return;
  }
  try {
    const input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    const signed = signedRegion(req.headers.authorization);
    const context = { account, region, now: () => new Date(), signedRegion: signed };
    send(200, await handler(input, context));
  } catch (error) {
    if (error instanceof AwsError) {
      send(
        error.status,
        { __type: error.code, message: error.message, ...error.fields },
        error.code,
      );
    } else {
      send(500, { __type: 'ServerException', message: String(error) }, 'ServerException');
    }
  }
}
