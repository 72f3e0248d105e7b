/**
 * Composition root: reads the configuration, opens the database (applying migrations), loads the demo data
 * into an empty database, builds the Express app and starts the channels. `npm start` runs this file.
 */
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger } from './logger.js';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // The database starts first (PGlite compiles its WebAssembly off the main thread, PostgreSQL connects) while the
  // rest of the server is loaded: the two overlap instead of following each other (bench/RESULTS.md, "Footprint").
  const opening = import('../prisma/database.js').then(({ openDatabase }) =>
    openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }),
  );
  opening.catch(() => undefined); // awaited by startServer below, which reports the failure; never unhandled meanwhile
  try {
    const { startServer } = await import('./server.js');
    const server = await startServer(config, logger, { opening });
    const shutdown = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      server.stop().then(
        () => {
          logger.info('stopped cleanly');
          logger.flush(() => process.exit(0));
        },
        (err) => {
          logger.error({ err }, 'shutdown failed');
          logger.flush(() => process.exit(1));
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  } catch (err) {
    logger.fatal({ err }, `start failed: ${(err as Error).message}`);
    logger.flush(() => process.exit(1));
  }
}

void main();
