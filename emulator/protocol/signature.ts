/**
 * The region a request was signed for, read from its SigV4 credential scope
 * (`Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261206/eu-west-1/ecr/aws4_request, ...`).
 * The signature itself is not checked: any credentials work (README "Point your own workflow").
 */
const SCOPE = /Credential=[^/\s,]+\/\d{8}\/([a-z0-9-]+)\/[a-z0-9-]+\/aws4_request/;

export function signedRegion(authorization: string | string[] | undefined): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  return SCOPE.exec(authorization)?.[1];
}
