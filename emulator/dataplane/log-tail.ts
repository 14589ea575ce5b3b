/** How many of a task's last log lines are kept, for stopped-task reasons and debugging. */
export const LOG_TAIL_LINES = 20;

/**
 * A chunk handler for a task's stdout/stderr: splits lines, keeps the last few in `tail`, and
 * passes each to `onLine`.
 */
export function lineCollector(
  tail: string[],
  onLine?: (line: string) => void,
): (chunk: Buffer) => void {
  return (chunk) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > LOG_TAIL_LINES) tail.shift();
      onLine?.(line);
    }
  };
}
