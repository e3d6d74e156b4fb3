// A TCP proxy between the bot and its database, for outage tests: it forwards every connection to
// the target until cut, then resets the open ones and refuses new ones until restored.
import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /**
   * Resets every open connection. New ones are then refused at once (a database that went away), or,
   * with `hang`, accepted and never answered (a database behind a network failure): only the
   * client's own timeouts end them.
   */
  cut(newConnections?: 'refuse' | 'hang'): void;
  /** Accepts and forwards connections again. */
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let refusing: 'refuse' | 'hang' | undefined;
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    // A reset peer is what this proxy is for: nothing to report.
    socket.on('error', () => {});
  };
  const server = createServer((client) => {
    track(client);
    // Refused while the port stays ours (another program could take a closed one meanwhile).
    if (refusing === 'refuse') return void client.resetAndDestroy();
    if (refusing === 'hang') return;
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut(newConnections = 'refuse') {
      refusing = newConnections;
      for (const socket of open) socket.resetAndDestroy();
    },
    restore() {
      refusing = undefined;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The same PostgreSQL address with its host and port replaced by the proxy's. */
export function throughProxy(databaseUrl: string, proxy: TcpProxy): string {
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return url.toString();
}
