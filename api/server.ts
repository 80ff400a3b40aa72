// Entry point of a stand-alone API process (docker-compose `api`, `npm run api`): listen, and close gracefully on a
// signal or a fatal error (close-with-grace: requests in flight finish, new ones get 503, at most 10 s).
import { startTracing } from '../lib/infra/tracing';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/infra/logger';
import { apiSections, buildApp } from './app';

export async function startServer(): Promise<FastifyInstance> {
  // Every setting of the API, checked once (a bad value stops the start naming it); secrets may come from files.
  const config = loadConfig(process.env, apiSections);
  startTracing('supervision-patrol-api', config.common);
  const app = await buildApp({ config, logger: createLogger('api', config.common) });
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
