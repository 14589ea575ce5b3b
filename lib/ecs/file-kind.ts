/**
 * What a file given as a task definition really is, when it is something else users mix up with
 * one: a CodeDeploy AppSpec (render-taskdef writes both, side by side). Pure.
 */
export function otherFileKind(raw: Record<string, unknown>, source: string): string | undefined {
  if (raw.containerDefinitions !== undefined) return undefined;
  const resources = raw.Resources ?? raw.resources;
  const isAppSpec =
    Array.isArray(resources) ||
    ((raw.version !== undefined || raw.Version !== undefined) && raw.Hooks !== undefined);
  if (!isAppSpec) return undefined;
  return `Input "task-definition" is "${source}", a CodeDeploy AppSpec (it has Resources/TargetService), not a task definition; give it as the \`appspec\` input and set \`task-definition\` to the task definition file (task-definition.json beside it)`;
}
