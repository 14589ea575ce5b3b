/** The suite's version, sent in the AWS user agent. A test keeps it equal to package.json. */
export const SUITE_VERSION = '1.0.0';
