/** What a deploy does when the service (or deployment group) already has one in progress. */
export type OnConflict = 'fail' | 'wait' | 'replace';
export const ON_CONFLICT: readonly OnConflict[] = ['fail', 'wait', 'replace'];
