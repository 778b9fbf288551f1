// The Node peer of `health-verify` (one passing check), as Jtalk/url-health-check makes it: GET, expect 2xx.
// Usage: node bench/peers/health-get.mjs http://127.0.0.1:PORT/health
const res = await fetch(process.argv[2], { signal: AbortSignal.timeout(10000) });
await res.text();
if (res.status < 200 || res.status > 299) { console.error(`::error::HTTP ${res.status}`); process.exit(1); }
console.log('healthy=true');
