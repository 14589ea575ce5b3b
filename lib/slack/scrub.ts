/**
 * Removes secrets from text that is about to be logged. Slack clients put URLs and request details
 * in their errors, and a webhook URL is itself a credential, so every message we print passes here.
 * The runner masks registered secrets too; this also covers encoded and partial forms.
 */
export function secretScrubber(secrets: readonly (string | undefined)[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    // The path of a webhook URL (/services/T/B/secret) is the credential, with or without host.
    const path = /^https?:\/\/[^/]+(\/.+)$/.exec(secret)?.[1];
    if (path && path.length > 8) forms.add(path);
  }
  const ordered = [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((out, form) => out.split(form).join('***'), text);
}
