import type { AnnotationPlace, Toolkit } from '../toolkit.js';

/** A Toolkit that records what an action did, for tests of main flows. */
export class RecordingToolkit implements Toolkit {
  readonly outputs: Record<string, string> = {};
  readonly secrets: string[] = [];
  readonly log: string[] = [];
  readonly annotations: {
    level: 'warning' | 'error' | 'notice';
    message: string;
    where?: AnnotationPlace;
  }[] = [];
  readonly state: Record<string, string> = {};
  summary = '';
  failed: string | undefined;

  constructor(
    private readonly inputs: Record<string, string> = {},
    private readonly post = false,
  ) {}

  input(name: string): string {
    return this.inputs[name] ?? '';
  }
  setOutput(name: string, value: string | number | boolean | object): void {
    this.outputs[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  setSecret(value: string): void {
    this.secrets.push(value);
  }
  info(message: string): void {
    this.log.push(message);
  }
  debug(): void {}
  warning(message: string, where?: AnnotationPlace): void {
    this.annotations.push({ level: 'warning', message, where });
  }
  error(message: string, where?: AnnotationPlace): void {
    this.annotations.push({ level: 'error', message, where });
  }
  notice(message: string, where?: AnnotationPlace): void {
    this.annotations.push({ level: 'notice', message, where });
  }
  setFailed(message: string): void {
    this.failed = message;
  }
  async group<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.log.push(`::group::${title}`);
    try {
      return await body();
    } finally {
      this.log.push('::endgroup::');
    }
  }
  async appendSummary(markdown: string): Promise<void> {
    this.summary += markdown;
  }
  saveState(name: string, value: string): void {
    this.state[name] = value;
  }
  getState(name: string): string {
    return this.state[name] ?? '';
  }
  isPost(): boolean {
    return this.post;
  }
}
