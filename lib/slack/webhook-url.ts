/**
 * An incoming webhook URL is a credential: whoever holds it can post. It travels only over
 * HTTPS, except to this machine (a local sink in tests or a sidecar proxy). Pure.
 */
export function webhookUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL (value hidden)';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:')
    return `uses ${url.protocol.replace(/:$/, '')}:// (value hidden), not https://`;
  if (isLoopback(url.hostname)) return undefined;
  return `sends the webhook secret over plain http:// to ${url.hostname} (the rest of the URL is hidden); use the https:// URL Slack gave you`;
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** `#deploys`: a channel written by name, which Slack resolves to an ID only when posting. */
export function isChannelName(channel: string): boolean {
  return channel.startsWith('#');
}
