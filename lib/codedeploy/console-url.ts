/** The CodeDeploy console page of a deployment: traffic, lifecycle events and the stop button. */
export function deploymentConsoleUrl(region: string, deploymentId: string): string {
  return `https://${region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${encodeURIComponent(deploymentId)}?region=${region}`;
}
