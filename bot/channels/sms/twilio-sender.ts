/**
 * Outbound SMS through the official twilio client. TWILIO_API_URL points it at a local emulator or a proxy:
 * every request to *.twilio.com is rewritten to that base URL by a custom httpClient.
 */
import twilio from 'twilio';
import type { OutboundSms, SendResult } from '../outbound.js';
import { ProviderError } from '../outbound.js';
import { TWILIO_PERMANENT_CODES, TWILIO_STOPPED_CODES } from './status-map.js';

/** A RequestClient that sends every Twilio API call to `baseUrl` instead of https://*.twilio.com. */
export class RedirectingRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }
  override request<TData>(opts: Parameters<twilio.RequestClient['request']>[0] & { data?: TData }) {
    const u = new URL(opts.uri);
    const product = u.hostname.split('.')[0];
    const prefix = product === 'api' ? '' : `/${product}`;
    return super.request<TData>({ ...opts, uri: `${this.baseUrl}${prefix}${u.pathname}${u.search}` });
  }
}

export interface TwilioSenderOptions {
  accountSid: string;
  authToken: string;
  from: string;
  apiUrl?: string;
  statusCallbackUrl?: string;
}

export function createTwilioSender(o: TwilioSenderOptions): OutboundSms {
  const client = twilio(o.accountSid, o.authToken, o.apiUrl ? { httpClient: new RedirectingRequestClient(o.apiUrl) } : {});
  const sender = o.from.startsWith('MG') ? { messagingServiceSid: o.from } : { from: o.from };
  return {
    async send(to: string, body: string): Promise<SendResult> {
      try {
        const m = await client.messages.create({
          to,
          body,
          ...sender,
          ...(o.statusCallbackUrl ? { statusCallback: o.statusCallbackUrl } : {}),
        });
        return { providerMessageId: m.sid };
      } catch (err) {
        const e = err as { status?: number; code?: number; message?: string; headers?: Record<string, string> };
        if (typeof e.status === 'number') {
          const code = e.code !== undefined ? String(e.code) : undefined;
          const retryable = e.status === 429 || e.status >= 500;
          throw new ProviderError(e.message ?? 'Twilio error', {
            provider: 'twilio',
            status: e.status,
            code,
            permanent: !retryable || (code !== undefined && TWILIO_PERMANENT_CODES.has(code)),
            contactStopped: code !== undefined && TWILIO_STOPPED_CODES.has(code),
          });
        }
        throw new ProviderError((err as Error).message, { provider: 'twilio', network: true, permanent: false });
      }
    },
  };
}
