// Entry point of a stand-alone API process (docker-compose `api`, `npm run api`): listen, and close gracefully on a
// signal or a fatal error (close-with-grace: requests in flight finish, new ones get 503, at most 10 s).
import { startTracing } from '../lib/infra/tracing';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../lib/infra/logger';
import { buildApp } from './app';
import { loadSecretFiles } from '../lib/infra/secret-files';

export async function startServer(): Promise<FastifyInstance> {
  loadSecretFiles();
  startTracing('supervision-patrol-api');
  const app = await buildApp({ logger: createLogger('api') });
  await app.listen({ host: app.config.HOST, port: app.config.PORT });
  return app;
}

if (require.main === module) {
  startServer()
    .then((app) => {
      closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
        if (err) app.log.error({ err }, 'closing after a fatal error');
        else app.log.info({ signal }, 'closing');
        await app.close();
      });
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
