import { describe, expect, it } from 'vitest';
import { escapeHtml, renderPage } from './page.js';

describe('renderPage', () => {
  it('shows the release serving the request and polls /version', () => {
    const html = renderPage({
      version: '3.1.0',
      commit: '0123456789abcdef',
      buildTime: 't',
      color: 'green',
    });
    expect(html).toContain('Served by 3.1.0 (green)');
    expect(html).toContain('border-left: 0.75rem solid green');
    expect(html).toContain('<code>0123456789ab</code>');
    expect(html).toContain("fetch('/version'");
  });

  it('escapes what it interpolates', () => {
    expect(escapeHtml(`<script>"'&`)).toBe('&#60;script&#62;&#34;&#39;&#38;');
    expect(renderPage({ version: '<b>', commit: '', buildTime: '', color: 'red' })).not.toContain(
      '<b>',
    );
  });
});
