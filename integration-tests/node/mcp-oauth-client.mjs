#!/usr/bin/env node
// Gatehouse integration-test harness for interactive (OAuth) hosts: the official MCP TypeScript SDK
// client with its OAuth support (an OAuthClientProvider on StreamableHTTPClientTransport) connects to a
// gateway that answers 401, discovers Gatehouse's authorization server, registers dynamically and asks
// for the browser. The browser part is the Java test's: this script prints
//   {"authorize":"<authorization URL>"}
// on stdout, waits for the redirect on its loopback callback server, finishes the authorization,
// connects again, lists tools and calls one, and prints ONE final JSON object:
//   {"ok":true,"clientId":...,"tools":[names],"call":<CallToolResult>,"refreshed":true|false}
// Failure (exit code 1): {"ok":false,"error":"message"}. Diagnostics go to stderr only.
//
// Usage: node mcp-oauth-client.mjs --url URL --call TOOL --args JSON [--timeout MS]

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

function log(...parts) {
  console.error('[mcp-oauth-client]', ...parts);
}

function parseArgs(argv) {
  const opts = { url: null, call: null, args: '{}', timeout: 120000 };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i];
    switch (argv[i]) {
      case '--url': opts.url = next(); break;
      case '--call': opts.call = next(); break;
      case '--args': opts.args = next(); break;
      case '--timeout': opts.timeout = Number(next()); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (!opts.url || !opts.call) throw new Error('--url and --call are required');
  return opts;
}

/** A loopback server receiving the authorization response, as native MCP clients run one. */
async function callbackServer() {
  let deliver;
  const result = new Promise((resolve) => { deliver = resolve; });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p id="done">You can close this window.</p>');
    deliver(Object.fromEntries(url.searchParams));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, result, redirectUrl: `http://127.0.0.1:${server.address().port}/callback` };
}

/** Keeps everything in memory, as a client keeps it in its own store. */
class MemoryProvider {
  constructor(redirectUrl) {
    this._redirectUrl = redirectUrl;
    this._state = randomBytes(16).toString('hex');
  }
  get redirectUrl() { return this._redirectUrl; }
  get clientMetadata() {
    return {
      client_name: 'TypeScript SDK end-to-end client',
      redirect_uris: [this._redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state() { return this._state; }
  clientInformation() { return this._client; }
  saveClientInformation(info) { this._client = info; }
  tokens() { return this._tokens; }
  saveTokens(tokens) { this._tokens = tokens; }
  saveCodeVerifier(v) { this._verifier = v; }
  codeVerifier() { return this._verifier; }
  redirectToAuthorization(url) {
    // the Java test opens this in headless Chromium, signs in and approves
    process.stdout.write(JSON.stringify({ authorize: url.toString() }) + '\n');
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const timer = setTimeout(() => { throw new Error(`timed out after ${opts.timeout} ms`); }, opts.timeout);
  const callback = await callbackServer();
  const provider = new MemoryProvider(callback.redirectUrl);
  const client = new Client({ name: 'gatehouse-oauth-it', version: '1.0.0' });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(opts.url), { authProvider: provider }));
    throw new Error('connected without authorization');
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) throw e;
  }
  const response = await callback.result;
  if (response.error) throw new Error(`authorization refused: ${response.error} ${response.error_description ?? ''}`);
  if (response.state !== provider.state()) throw new Error('state mismatch');
  log('authorization response, iss =', response.iss);
  const transport = new StreamableHTTPClientTransport(new URL(opts.url), { authProvider: provider });
  await transport.finishAuth(response.code);
  await client.connect(transport);
  const tools = (await client.listTools()).tools.map((t) => t.name);
  const call = await client.callTool({ name: opts.call, arguments: JSON.parse(opts.args) });
  await client.close();
  callback.server.close();
  clearTimeout(timer);
  return { ok: true, clientId: provider.clientInformation()?.client_id, issuer: response.iss, tools, call };
}

main().then((out) => {
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}, (e) => {
  log(e?.stack ?? e);
  process.stdout.write(JSON.stringify({ ok: false, error: String(e?.message ?? e) }) + '\n');
  process.exit(1);
});
