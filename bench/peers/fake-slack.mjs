// A minimal local Slack Web API for the start-up bench: chat.postMessage answers ok with a ts, as Slack does.
// Usage: node bench/peers/fake-slack.mjs PORTFILE   (writes the port it listens on into PORTFILE)
// With TLS_KEY and TLS_CERT (PEM files) in the environment it serves HTTPS, as slack.com does: HTTP/2 to a
// client that offers it in ALPN, HTTP/1.1 to one that does not.
import http from 'node:http';
import http2 from 'node:http2';
import { readFileSync, writeFileSync } from 'node:fs';

let n = 0;
const handler = (req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; if (body.length > 1 << 20) req.destroy(); });
  req.on('end', () => {
    const ok = req.url.endsWith('/chat.postMessage') && (req.headers.authorization || '').startsWith('Bearer xoxb-');
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(ok ? { ok: true, channel: 'C0BENCH', ts: `1733000000.${String(++n).padStart(6, '0')}`, message: {} } : { ok: false, error: 'invalid_auth' }));
  });
};
const server = process.env.TLS_CERT
  ? http2.createSecureServer({ allowHTTP1: true, key: readFileSync(process.env.TLS_KEY), cert: readFileSync(process.env.TLS_CERT) }, handler)
  : http.createServer(handler);
server.listen(0, '127.0.0.1', () => writeFileSync(process.argv[2], String(server.address().port)));
