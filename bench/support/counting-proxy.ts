import { connect, createServer, type AddressInfo, type Server } from 'node:net';

export interface CountingProxy {
  /** `127.0.0.1:<port>`: use it as the registry host. */
  host: string;
  /** Bytes clients sent upstream so far (push payloads plus request headers). */
  sent(): number;
  close(): void;
}

/** A TCP proxy in front of a registry that counts the bytes clients upload through it. */
export async function countingProxy(target: string): Promise<CountingProxy> {
  const [host, port] = target.split(':');
  let sent = 0;
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), host!);
    client.on('data', (d: Buffer) => (sent += d.length));
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent: () => sent,
    close: () => server.close(),
  };
}
