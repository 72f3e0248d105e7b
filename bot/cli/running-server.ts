/**
 * How CLI commands reach a server that owns the embedded data directory: the server writes its URL and an admin
 * token to <data dir>/admin.json (mode 0600) at start and removes it at stop.
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AdminHandle {
  url: string;
  token: string;
  pid: number;
  /** Local SMS mode: the per-start token that signs /sms webhooks (`npm run chat -- --url` uses it). */
  smsToken?: string;
  /** The server's PUBLIC_URL: webhook signatures are computed over it. */
  publicUrl?: string;
}

export const adminFile = (dataDir: string) => join(dataDir, 'admin.json');

export function writeAdminHandle(dataDir: string, h: AdminHandle): () => void {
  const file = adminFile(dataDir);
  writeFileSync(file, JSON.stringify(h), { mode: 0o600 });
  chmodSync(file, 0o600);
  return () => rmSync(file, { force: true });
}

export function readAdminHandle(dataDir: string, envToken?: string): AdminHandle | undefined {
  try {
    const h = JSON.parse(readFileSync(adminFile(dataDir), 'utf8')) as Partial<AdminHandle>;
    const token = envToken ?? h.token;
    if (typeof h.url !== 'string' || !token) return undefined;
    return {
      url: h.url,
      token,
      pid: Number(h.pid),
      smsToken: typeof h.smsToken === 'string' ? h.smsToken : undefined,
      publicUrl: typeof h.publicUrl === 'string' ? h.publicUrl : undefined,
    };
  } catch {
    return undefined;
  }
}

/** Calls the running server's admin endpoint; throws with the server's error text. */
export async function callAdmin(h: AdminHandle, path: string, body: unknown): Promise<Response> {
  const res = await fetch(`${h.url}/admin${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch((err: Error) => {
    throw new Error(`could not reach the running server at ${h.url}: ${err.message}`);
  });
  if (!res.ok) {
    const text = await res.text();
    let msg = text;
    try {
      msg = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // Not JSON (a proxy's error page, say): the raw text is the message.
    }
    throw Object.assign(new Error(msg), { status: res.status });
  }
  return res;
}
