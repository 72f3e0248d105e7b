import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, ConfigError } from '../bot/config.js';
import { createLogger } from '../bot/logger.js';
import { startServer, type RunningServer } from '../bot/server.js';
import { openDatabase, DataDirLockedError } from '../prisma/database.js';

describe('server on the embedded database', () => {
  const dirs: string[] = [];
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('first start migrates and loads the demo data; a second start reuses both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'koszalin-data-'));
    dirs.push(dir);
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir });
    server = await startServer(config, createLogger('silent'));
    expect(server.db.migrations.length).toBeGreaterThan(0);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: { kind: 'pglite', reachable: true } });
    const demoCount = await server.db.prisma.organization.count({ where: { isDemo: true } });
    expect(demoCount).toBeGreaterThan(0);
    await server.db.prisma.contact.create({ data: { locale: 'en' } });

    // A second process on the same directory is refused while the first one runs.
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
    await server.stop();

    server = await startServer(config, createLogger('silent'));
    expect(server.db.migrations).toEqual([]);
    expect(await server.db.prisma.organization.count()).toBe(demoCount);
    expect(await server.db.prisma.contact.count()).toBe(1);
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
  });
});

describe('configuration', () => {
  it('has working defaults with no variables at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dataDir: './data', publicUrl: 'http://localhost:3000', twilio: undefined, telegram: undefined });
    expect(c.sms).toEqual({ transliterate: true, repliesPerHour: 30 });
  });

  it('names every bad variable at once', () => {
    let err: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        TWILIO_ACCOUNT_SID: 'nope',
        TELEGRAM_BOT_TOKEN: 'abc',
        SMS_TRANSLITERATE: 'maybe',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'TWILIO_FROM',
      'TELEGRAM_BOT_TOKEN',
      'SMS_TRANSLITERATE',
    ])
      expect(problems).toContain(name);
  });

  it('accepts a complete Twilio and Telegram setup', () => {
    const c = loadConfig({
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'secret',
      TWILIO_FROM: '+48500000000',
      TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      PUBLIC_URL: 'https://bot.example.org/',
    });
    expect(c.twilio?.from).toBe('+48500000000');
    expect(c.twilio?.authToken).toBe('secret');
    expect(c.publicUrl).toBe('https://bot.example.org');
  });
});
