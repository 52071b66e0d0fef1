#!/usr/bin/env node
// Gatehouse integration-test harness: drives an MCP server (the gateway) over
// Streamable HTTP with the official MCP TypeScript SDK client and prints ONE
// JSON object on stdout. Diagnostics go to stderr only.
//
// Usage:
//   node mcp-client.mjs --url URL [--token TOKEN] [--timeout MS] [--progress]
//                       [--sampling TEXT] [--call TOOL [--args JSON]]...
// --sampling declares the sampling capability and answers every sampling/createMessage with TEXT.
//
// Success: {"ok":true,"protocolVersion":...,"serverInfo":...,"sessionId":...,
//           "tools":[names],"calls":[{"tool":...,"result":<CallToolResult>,"progress":[...]}]}
// Failure (exit code 1): {"ok":false,"error":"message","code":<McpError code | HTTP status | null>}

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';

class UsageError extends Error {}

function log(...parts) {
  console.error('[mcp-client]', ...parts);
}

function parseArgs(argv) {
  const opts = { url: null, token: null, timeout: null, progress: false, sampling: null, calls: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new UsageError(`missing value for ${arg}`);
      return argv[++i];
    };
    switch (arg) {
      case '--url':
        opts.url = next();
        break;
      case '--token':
        opts.token = next();
        break;
      case '--timeout': {
        const v = Number(next());
        if (!Number.isFinite(v) || v <= 0) throw new UsageError('--timeout must be a positive number of milliseconds');
        opts.timeout = v;
        break;
      }
      case '--progress':
        opts.progress = true;
        break;
      case '--sampling':
        opts.sampling = next();
        break;
      case '--call':
        opts.calls.push({ tool: next(), args: {} });
        break;
      case '--args': {
        if (opts.calls.length === 0) throw new UsageError('--args must follow a --call');
        const raw = next();
        let parsed;
        try {
          parsed = JSON.parse(raw);
        } catch (e) {
          throw new UsageError(`--args is not valid JSON: ${e.message}`);
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          throw new UsageError('--args must be a JSON object');
        }
        opts.calls[opts.calls.length - 1].args = parsed;
        break;
      }
      default:
        throw new UsageError(`unknown argument: ${arg}`);
    }
  }
  if (!opts.url) throw new UsageError('--url is required');
  return opts;
}

// Last HTTP response seen, so an error report can carry the WWW-Authenticate header.
let lastResponse = null;
const recordingFetch = async (input, init) => {
  const response = await fetch(input, init);
  lastResponse = {
    method: init?.method ?? 'GET',
    status: response.status,
    wwwAuthenticate: response.headers.get('www-authenticate'),
  };
  return response;
};

function describeError(err) {
  let message = err instanceof Error ? err.message : String(err);
  // Node's fetch hides the real reason (ECONNREFUSED, ...) in err.cause.
  if (err instanceof Error && err.cause) {
    const cause = err.cause instanceof Error ? err.cause.message || err.cause.code : String(err.cause);
    if (cause && !message.includes(cause)) message += `: ${cause}`;
  }
  const out = { ok: false, error: message, code: null };
  if (err instanceof McpError) {
    out.code = err.code;
    if (err.data !== undefined) out.data = err.data;
  } else if (err instanceof StreamableHTTPError) {
    out.code = err.code;
  } else if (err && typeof err.code === 'number') {
    out.code = err.code;
  }
  if (lastResponse && lastResponse.status >= 400) {
    out.httpStatus = lastResponse.status;
    if (lastResponse.wwwAuthenticate) out.wwwAuthenticate = lastResponse.wwwAuthenticate;
  }
  return out;
}

function emit(obj, exitCode) {
  process.stdout.write(JSON.stringify(obj) + '\n', () => process.exit(exitCode));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));

  const transportOptions = { fetch: recordingFetch };
  if (opts.token) {
    transportOptions.requestInit = { headers: { Authorization: 'Bearer ' + opts.token } };
  }
  const transport = new StreamableHTTPClientTransport(new URL(opts.url), transportOptions);
  const capabilities = opts.sampling !== null ? { sampling: {} } : {};
  const client = new Client({ name: 'gatehouse-it-client', version: '1.0.0' }, { capabilities });
  if (opts.sampling !== null) {
    client.setRequestHandler(CreateMessageRequestSchema, async () => ({
      role: 'assistant', model: 'gatehouse-it', content: { type: 'text', text: opts.sampling },
    }));
  }
  client.onerror = (e) => log('client error:', e?.message ?? e);

  const requestOptions = opts.timeout ? { timeout: opts.timeout } : {};

  let connected = false;
  try {
    await client.connect(transport); // sends initialize + notifications/initialized
    connected = true;
    const protocolVersion = transport.protocolVersion ?? null;
    const serverInfo = client.getServerVersion() ?? null;
    const sessionId = transport.sessionId ?? null;
    log(`connected: protocol=${protocolVersion} session=${sessionId}`);

    const tools = [];
    let cursor;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, requestOptions);
      for (const t of page.tools) tools.push(t.name);
      cursor = page.nextCursor;
    } while (cursor);

    const calls = [];
    for (const call of opts.calls) {
      const progress = [];
      const callOptions = { ...requestOptions };
      if (opts.progress) {
        callOptions.onprogress = (p) => progress.push(p);
        callOptions.resetTimeoutOnProgress = true;
      }
      log(`calling ${call.tool}`);
      const result = await client.callTool({ name: call.tool, arguments: call.args }, undefined, callOptions);
      calls.push({ tool: call.tool, result, progress });
    }

    await transport.terminateSession(); // HTTP DELETE (405 is accepted by the SDK)
    await client.close();
    connected = false;

    emit({ ok: true, protocolVersion, serverInfo, sessionId, tools, calls }, 0);
  } catch (err) {
    log('error:', err?.stack ?? err);
    if (connected) {
      try {
        await client.close();
      } catch (e) {
        log('close failed:', e?.message ?? e);
      }
    }
    emit(describeError(err), 1);
  }
}

main().catch((err) => {
  log(err instanceof UsageError ? `usage: ${err.message}` : err?.stack ?? err);
  emit({ ok: false, error: err instanceof Error ? err.message : String(err), code: null }, 1);
});
