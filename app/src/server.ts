// The HTTP listener and its graceful drain: stop accepting, let every request already here
// finish, close keep-alive connections cleanly, give up at a deadline.
import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface Listener {
  readonly server: Server;
  readonly port: number;
  draining(): boolean;
  /** Resolves when every connection is closed; `forced` when the deadline cut requests short. */
  drain(timeoutMs: number): Promise<{ forced: boolean }>;
}

// After the last in-flight request, how long an idle keep-alive client may still send one
// more request (answered with Connection: close) before its connection is closed.
const LINGER_MS = 500;

export async function listen(
  handler: RequestListener,
  port: number,
  host?: string,
): Promise<Listener> {
  const inFlight = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let draining = false;

  const server = createServer((req, res) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    if (draining) res.setHeader('Connection', 'close');
    handler(req, res);
  });
  // Longer than the ALB idle timeout (60 s): the load balancer, not us, closes idle
  // connections, otherwise it can send a request on a socket we are closing and answer 502.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  server.listen(port, host);
  await once(server, 'listening');

  return {
    server,
    port: (server.address() as AddressInfo).port,
    draining: () => draining,
    async drain(timeoutMs) {
      draining = true;
      const deadline = Date.now() + timeoutMs;
      // net.Server's close only stops accepting. http.Server#close would also drop idle
      // keep-alive sockets at once, racing clients that are about to reuse them.
      const closed = new Promise<void>((resolve) =>
        NetServer.prototype.close.call(server, () => resolve()),
      );
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      await until(() => inFlight.size === 0, deadline);
      await until(() => sockets.size === 0, Math.min(deadline, Date.now() + LINGER_MS));
      const forced = inFlight.size > 0;
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
      return { forced };
    },
  };
}

async function until(done: () => boolean, deadline: number): Promise<void> {
  while (!done() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
