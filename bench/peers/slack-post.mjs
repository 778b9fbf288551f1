// The Node peer of `slack-notify`: one chat.postMessage with a Block Kit status message and a bearer token, the
// single request slackapi/slack-github-action makes (its dist/ uses @slack/web-api; plain fetch is lighter still).
// Usage: node bench/peers/slack-post.mjs http://127.0.0.1:PORT/api
const api = process.argv[2];
const res = await fetch(`${api}/chat.postMessage`, {
  method: 'POST',
  headers: { authorization: 'Bearer xoxb-bench-token', 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({
    channel: 'C0BENCH',
    text: 'Deploy of acme/shop succeeded',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: *Deploy of acme/shop succeeded*' } }],
  }),
  signal: AbortSignal.timeout(30000),
});
const json = await res.json();
if (!json.ok) { console.error(`::error::${json.error}`); process.exit(1); }
console.log(`ts=${json.ts}`);
