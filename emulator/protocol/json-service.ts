/**
 * The contract between the emulator's HTTP server and each emulated awsJson1_1 service
 * (ECS, CodeDeploy, ECR). A service is a target prefix plus one handler per operation; the
 * server routes `X-Amz-Target: <prefix>.<Operation>`, decodes the JSON body, and encodes the
 * result or the AwsError exactly as the protocol spec says (`__type` + `message`, 400/500).
 */

/** An error as AWS sends it: `code` goes into `__type`, status 400 for client errors, 500 for faults. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** Modeled members copied into the error body (e.g. ECR failure details). */
    readonly fields: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface ServiceContext {
  readonly account: string;
  readonly region: string;
  /** The region this request was signed for (its SigV4 credential scope), when it says one. */
  readonly signedRegion?: string;
  /** The virtual clock's current time. */
  now(): Date;
}

// Inputs are the decoded JSON bodies: shapes are checked by each handler, as the service would.
export type Handler = (input: any, ctx: ServiceContext) => unknown | Promise<unknown>;

export interface JsonService {
  /** Short name used in call logs and fault injection: `ecs`, `codedeploy`, `ecr`. */
  readonly name: string;
  /** e.g. `AmazonEC2ContainerServiceV20141113`. */
  readonly targetPrefix: string;
  readonly handlers: Readonly<Record<string, Handler>>;
}
