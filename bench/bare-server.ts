/**
 * The baseline for bench/turns.ts: a bare Express app on the same Node, with the same body parsers, answering the
 * webhooks with a fixed reply: no signature check, no database, no dialog. Prints its port as the product does.
 */
import express from 'express';

const app = express();
app.post('/sms', express.urlencoded({ extended: false, limit: '64kb' }), (req, res) => {
  res
    .type('text/xml')
    .send(
      `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${String((req.body as { Body?: string }).Body ?? '').length}</Message></Response>`,
    );
});
app.post('/telegram', express.json({ limit: '1mb' }), (req, res) => {
  res.json({ ok: typeof (req.body as { update_id?: number }).update_id === 'number' });
});
const server = app.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(`${JSON.stringify({ msg: 'listening on bare', port: typeof a === 'object' && a ? a.port : 0 })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
