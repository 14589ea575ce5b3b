export { InputReader, type InputSource } from './inputs.js';
export type { KeyValue } from './key-values.js';
export { parseDuration, formatDuration } from './duration.js';
export { splitList, splitCommand, show } from './list.js';
export { actionsToolkit, inputReader, type Toolkit, type AnnotationPlace } from './toolkit.js';
export { run, describeFailure } from './run.js';
export * as markdown from './markdown.js';
