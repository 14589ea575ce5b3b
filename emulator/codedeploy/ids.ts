import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `d-` + 9 characters of [A-Z0-9], as AWS deployment ids look (spec A.1). */
export function newDeploymentId(taken: (id: string) => boolean): string {
  for (;;) {
    let id = 'd-';
    for (let i = 0; i < 9; i++) id += ALPHABET[randomInt(ALPHABET.length)];
    if (!taken(id)) return id;
  }
}
