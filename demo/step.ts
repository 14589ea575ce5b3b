/**
 * Runs one bundled action as a workflow step does on a GitHub runner (the same local runner the
 * end-to-end tests use: Node 24, INPUT_* variables, command files), streaming its log line by
 * line. Workflow commands such as ::add-mask:: are the runner's, not shown.
 */
import { runAction } from '../test/support/run-action.js';

export interface StepResult {
  code: number | null;
  outputs: Record<string, string>;
  /** ::error:: and ::warning:: annotations. */
  annotations: string[];
  /** State saved for the action's post step. */
  state: Record<string, string>;
}

export interface StepRun {
  action: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  onLine: (line: string) => void;
  /** Children started, so the caller can prove none outlives the demo. */
  onPid?: (pid: number) => void;
  /** The main step's state: runs the action's `post:` step instead (as the runner does at job end). */
  postState?: Record<string, string>;
}

export async function runStep(step: StepRun): Promise<StepResult> {
  const annotations: string[] = [];
  const onLine = (line: string) => {
    if (/^::(add-mask|debug|save-state|set-output)/.test(line)) return;
    if (/^::(error|warning)/.test(line)) annotations.push(line.replace(/^::(\w+)[^:]*::/, '$1: '));
    step.onLine(line.replace(/^::(error|warning)[^:]*::/, '$1: ').replace(/^::(end)?group::/, ''));
  };
  const run = await runAction(step.action, {
    inputs: step.inputs,
    env: step.env,
    ...(step.postState ? { postState: step.postState } : {}),
    timeoutMs: 170_000,
    onLine,
    onStart: (child) => child.pid && step.onPid?.(child.pid),
  });
  return { code: run.code, outputs: run.outputs, annotations, state: run.state };
}
