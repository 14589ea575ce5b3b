export { InputReader, type InputSource } from './inputs.js';
export { actionsToolkit, inputReader, type Toolkit, type AnnotationPlace } from './toolkit.js';
export { run, describeFailure } from './run.js';
export * as markdown from './markdown.js';
