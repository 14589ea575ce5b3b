/** Markdown for job summaries: pure string builders, escaped for tables. */

export function escapeCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return (
    [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n') +
    '\n'
  );
}

export function heading(text: string, level: 1 | 2 | 3 = 2): string {
  return `${'#'.repeat(level)} ${text}\n`;
}

export function code(text: string): string {
  const fence = text.includes('```') ? '````' : '```';
  return `${fence}\n${text}\n${fence}\n`;
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n</details>\n`;
}

export function link(text: string, url: string): string {
  return `[${text.replace(/[[\]]/g, '\\$&')}](${url})`;
}
