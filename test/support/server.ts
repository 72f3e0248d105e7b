/** Starts the real server in-process on port 0 against a test database, with a given environment. */
import twilio from 'twilio';
import { loadConfig } from '../../bot/config.js';
import { createLogger, type Logger } from '../../bot/logger.js';
import { startServer, type ServerOverrides } from '../../bot/server.js';
import { openTestDatabase } from './db.js';

export async function startTestServer(env: Record<string, string> = {}, overrides: ServerOverrides & { logger?: Logger } = {}) {
  const db = overrides.db ?? (await openTestDatabase());
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'false', ...env });
  return startServer(config, overrides.logger ?? createLogger(process.env.TEST_LOG ?? 'silent'), { ...overrides, db });
}

export const LOCAL_TOKEN = 'local-development-token';
let sidCounter = 0;

/** POSTs one SMS webhook to /sms, signed exactly as Twilio signs it for `publicUrl`; returns the response. */
export async function postSignedSms(
  serverUrl: string,
  publicUrl: string,
  from: string,
  body: string,
  sid = `SM${Date.now().toString(16)}${(++sidCounter).toString().padStart(18, '0')}`,
): Promise<Response> {
  const params = { MessageSid: sid, AccountSid: 'AC00000000000000000000000000000000', From: from, To: '+48947000000', Body: body };
  const signature = twilio.getExpectedTwilioSignature(LOCAL_TOKEN, `${publicUrl}/sms`, params);
  return fetch(`${serverUrl}/sms`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params),
  });
}
