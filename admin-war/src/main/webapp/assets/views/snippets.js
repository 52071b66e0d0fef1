// Ready-to-paste client configurations for a freshly issued token. Where a tool can read the token
// from the environment or a secret store, the snippet does so, so the token is pasted in one place only.

/** The snippets for one connection: [{id, label, text, note}]. */
export function snippets({ url, token, gateway }) {
  const name = `gatehouse-${gateway}`;
  const listTools = `{"jsonrpc":"2.0","id":1,"method":"tools/list"}`;
  return [
    {
      id: 'curl', label: 'curl',
      note: 'Lists the tools without a session, as a quick check.',
      text: `export GATEHOUSE_TOKEN='${token}'
curl -s ${url} \\
  -H "Authorization: Bearer $GATEHOUSE_TOKEN" \\
  -H 'Content-Type: application/json' \\
  -H 'Accept: application/json, text/event-stream' \\
  -d '${listTools}'`,
    },
    {
      id: 'typescript', label: 'TypeScript SDK',
      note: 'npm install @modelcontextprotocol/sdk, then run with GATEHOUSE_TOKEN set.',
      text: `import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const transport = new StreamableHTTPClientTransport(new URL("${url}"), {
  requestInit: { headers: { Authorization: \`Bearer \${process.env.GATEHOUSE_TOKEN}\` } },
});
const client = new Client({ name: "${name}", version: "1.0.0" });
await client.connect(transport);
console.log((await client.listTools()).tools.map((tool) => tool.name));
await client.close();`,
    },
    {
      id: 'java', label: 'MCP Java SDK',
      note: 'io.modelcontextprotocol.sdk:mcp-core with mcp-json-jackson2; GATEHOUSE_TOKEN in the environment.',
      text: `var transport = HttpClientStreamableHttpTransport.builder("${origin(url)}")
        .endpoint("${path(url)}")
        .httpRequestCustomizer((request, method, uri, body, context) ->
                request.header("Authorization", "Bearer " + System.getenv("GATEHOUSE_TOKEN")))
        .build();
try (McpSyncClient client = McpClient.sync(transport).build()) {
    client.initialize();
    client.listTools().tools().forEach(tool -> System.out.println(tool.name()));
}`,
    },
    {
      id: 'claude', label: 'Claude Code',
      note: 'Adds the gateway to Claude Code as an MCP server.',
      text: `claude mcp add --transport http ${name} ${url} --header "Authorization: Bearer ${token}"`,
    },
    {
      id: 'cursor', label: 'Cursor',
      note: 'In ~/.cursor/mcp.json (or .cursor/mcp.json in a project).',
      text: JSON.stringify({ mcpServers: { [name]: { url, headers: { Authorization: `Bearer ${token}` } } } }, null, 2),
    },
    {
      id: 'github', label: 'GitHub Actions',
      note: 'Store the token as the repository secret GATEHOUSE_TOKEN, then add this step.',
      text: `- name: List the tools of Gatehouse gateway ${gateway}
  env:
    GATEHOUSE_TOKEN: \${{ secrets.GATEHOUSE_TOKEN }}
  run: |
    curl -sf ${url} \\
      -H "Authorization: Bearer $GATEHOUSE_TOKEN" \\
      -H 'Content-Type: application/json' \\
      -H 'Accept: application/json, text/event-stream' \\
      -d '${listTools}'`,
    },
  ];
}

function origin(url) {
  return new URL(url).origin;
}

function path(url) {
  return new URL(url).pathname;
}
