// Entry point of a stand-alone API process (docker-compose `api`, `npm run api`): listen, close gracefully.
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../lib/logger';
import { buildApp } from './app';

export async function startServer(): Promise<FastifyInstance> {
  const app = await buildApp({ logger: createLogger('api') });
  await app.listen({ host: app.config.HOST, port: app.config.PORT });
  return app;
}

if (require.main === module) {
  startServer()
    .then((app) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          app.log.info({ signal }, 'closing');
          app.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        });
      }
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
