// What every benchmark server does around its app: listen on 127.0.0.1 on an ephemeral port, print
// `listening <port>` on stdout, and stop on SIGTERM/SIGINT or when the parent goes away (stdin closes).
import { createServer, type RequestListener, type Server } from 'node:http';

export async function serve(app: RequestListener, stop: (server: Server) => Promise<void> = async () => undefined): Promise<Server> {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  let stopping = false;
  const shutdown = (why: string) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => {
      process.stderr.write(`${why}: forced exit\n`);
      process.exit(1);
    }, 15_000);
    force.unref();
    stop(server)
      .catch((e: unknown) => process.stderr.write(`${why}: stop failed: ${String(e)}\n`))
      .finally(() => {
        server.closeAllConnections();
        server.close();
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // The parent holds our stdin open: when it exits (even killed), stdin ends and we go too.
  process.stdin.on('end', () => shutdown('parent gone'));
  process.stdin.on('error', () => shutdown('parent gone'));
  process.stdin.resume();
  process.stdout.write(`listening ${address.port}\n`);
  return server;
}

export function requiredEnv(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === '') {
    process.stderr.write(`${name} is required\n`);
    process.exit(2);
  }
  return v;
}
