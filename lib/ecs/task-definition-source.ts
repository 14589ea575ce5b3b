/** Where the starting task definition comes from (the `task-definition` input). */
export type TaskDefinitionSource =
  | { kind: 'file'; path: string }
  | { kind: 'live'; taskDefinition: string }
  | { kind: 'service'; cluster: string; service: string };

const LIVE_REF =
  /^([A-Za-z0-9_-]{1,255}(:\d+)?|arn:aws(-[a-z]+)*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+)$/;

/** `live:<family | family:revision | ARN>`, `service:<cluster>/<service>`, or a file path. */
export function parseTaskDefinitionSource(
  text: string,
): TaskDefinitionSource | { problem: string } {
  const value = text.trim();
  if (value.startsWith('live:')) {
    const ref = value.slice('live:'.length).trim();
    if (/:latest$/i.test(ref)) {
      return {
        problem: `is "${value}", but ECS has no revision "latest"; write live:${ref.replace(/:latest$/i, '')} for the newest ACTIVE revision, or a revision number`,
      };
    }
    if (!LIVE_REF.test(ref)) {
      return {
        problem: `is "${value}", not a task definition reference; write live:<family>, live:<family>:<revision> or live:<task definition ARN>`,
      };
    }
    return { kind: 'live', taskDefinition: ref };
  }
  if (value.startsWith('service:')) {
    const parts = value.slice('service:'.length).trim().split('/');
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      return {
        problem: `is "${value}", not a service reference; write service:<cluster>/<service>`,
      };
    }
    return { kind: 'service', cluster: parts[0], service: parts[1] };
  }
  return { kind: 'file', path: value };
}
