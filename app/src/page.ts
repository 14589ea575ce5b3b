// The static page the seeds never finished: which release (version and colour) served this
// request, and a live strip of the releases answering /version, so a traffic shift is visible.
import type { Release } from './config.js';

export function renderPage(release: Release): string {
  const r = {
    version: escapeHtml(release.version),
    commit: escapeHtml(release.commit.slice(0, 12)),
    buildTime: escapeHtml(release.buildTime),
    color: escapeHtml(release.color),
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sample-app ${r.version}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 40rem; padding: 0 1rem; color: #222; }
  .release { border-left: 0.75rem solid ${r.color}; padding: 0.5rem 1rem; background: #f6f6f6; }
  .release h1 { margin: 0; font-size: 2rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
  dt { color: #666; }
  #strip { display: flex; flex-wrap: wrap; gap: 2px; margin: 1rem 0; min-height: 1.5rem; }
  #strip span { width: 1rem; height: 1.5rem; border-radius: 2px; }
  #tally li { list-style: none; }
  #tally b { display: inline-block; width: 0.8rem; height: 0.8rem; margin-right: 0.4rem; }
</style>
</head>
<body>
<div class="release">
  <h1 id="served">Served by ${r.version} (${r.color})</h1>
  <dl>
    <dt>commit</dt><dd><code>${r.commit}</code></dd>
    <dt>built</dt><dd>${r.buildTime}</dd>
  </dl>
</div>
<h2>Who answers now</h2>
<p>Each square is one request to <code>/version</code>, newest last. During a canary or linear
deployment the colours mix, then settle on the new release.</p>
<div id="strip"></div>
<ul id="tally"></ul>
<script>
  const seen = [];
  async function probe() {
    let entry;
    try {
      const res = await fetch('/version', { cache: 'no-store' });
      const body = await res.json();
      entry = res.ok ? { label: body.version + ' (' + body.color + ')', color: body.color } : { label: 'error ' + res.status, color: '#000' };
    } catch {
      entry = { label: 'unreachable', color: '#999' };
    }
    seen.push(entry);
    if (seen.length > 40) seen.shift();
    const strip = document.getElementById('strip');
    strip.replaceChildren(...seen.map((e) => { const s = document.createElement('span'); s.style.background = e.color; s.title = e.label; return s; }));
    const counts = new Map();
    for (const e of seen) counts.set(e.label, { color: e.color, n: (counts.get(e.label)?.n ?? 0) + 1 });
    document.getElementById('tally').replaceChildren(...[...counts].map(([label, c]) => {
      const li = document.createElement('li'); const b = document.createElement('b');
      b.style.background = c.color; li.append(b, label + ': ' + Math.round((100 * c.n) / seen.length) + '%'); return li;
    }));
  }
  probe();
  setInterval(probe, 1000);
</script>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
