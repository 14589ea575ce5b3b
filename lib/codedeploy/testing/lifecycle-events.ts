/** The lifecycle events of an ECS blue/green deployment, in the order CodeDeploy reports them. */
export const ECS_LIFECYCLE_EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
] as const;

/**
 * A test fixture: the events of a deployment `done` events in: those Succeeded, the next one
 * `current` when given, the rest Pending.
 */
export function lifecycleEvents(
  done: number,
  current?: string,
): Array<{ name: string; status: string }> {
  return ECS_LIFECYCLE_EVENTS.map((name, i) => ({
    name,
    status: i < done ? 'Succeeded' : i === done && current ? current : 'Pending',
  }));
}
