// An OAuth-protected upstream whose authorization server is oidc-provider (a certified OpenID provider
// nobody here wrote), for the tests of Gatehouse's upstream OAuth client and its RFC 7009 revocation.
//
//   AS_PORT  the authorization server: discovery (/.well-known/openid-configuration), dynamic registration,
//            PKCE S256, resource indicators (RFC 8707), opaque access tokens, refresh tokens, revocation
//            (RFC 7009, /token/revocation), introspection (RFC 7662) and its development login and consent
//            pages (any user name, any password)
//   RS_PORT  the protected resource /mcp: RFC 9728 metadata; a request whose bearer token the authorization
//            server's introspection calls active answers 200 (a JSON-RPC answer echoing the method), any other
//            401 with WWW-Authenticate naming the metadata. GET /test/issued lists the tokens the authorization
//            server issued so far (kind and value), which is how a test learns the upstream's tokens.
//
// Prints "oidc upstream ready" once both listen. Loopback only.
import http from 'node:http';
import Provider, { errors } from 'oidc-provider';

const asPort = Number(process.env.AS_PORT);
const rsPort = Number(process.env.RS_PORT);
const issuer = `http://localhost:${asPort}`;
const resource = `http://localhost:${rsPort}/mcp`;
const metadataUrl = `http://localhost:${rsPort}/.well-known/oauth-protected-resource/mcp`;
const introspector = { id: 'resource-server', secret: 'resource-server-secret-0123456789abcdef' };
const issued = [];

const provider = new Provider(issuer, {
  clients: [{
    client_id: introspector.id, client_secret: introspector.secret,
    redirect_uris: [], response_types: [], grant_types: [],
  }],
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true },
    revocation: { enabled: true, allowedPolicy: async (ctx, client, token) => token.clientId === client.clientId },
    introspection: { enabled: true, allowedPolicy: async (ctx, client) => client.clientId === introspector.id },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, indicator) => {
        if (indicator !== resource) {
          throw new errors.InvalidTarget();
        }
        return { scope: 'mcp', audience: indicator, accessTokenFormat: 'opaque', accessTokenTTL: 3600 };
      },
    },
  },
  scopes: ['openid', 'offline_access', 'mcp'], // 'mcp': the resource's scope, which clients may register
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  findAccount: async (ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
});
provider.on('access_token.saved', (t) => issued.push({ kind: 'access_token', value: t.jti, client: t.clientId }));
provider.on('refresh_token.saved', (t) => issued.push({ kind: 'refresh_token', value: t.jti, client: t.clientId }));
provider.on('server_error', (ctx, e) => console.error('authorization server error', e));

async function active(token) {
  const answer = await fetch(`${issuer}/token/introspection`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'Basic ' + Buffer.from(`${introspector.id}:${introspector.secret}`).toString('base64'),
    },
    body: new URLSearchParams({ token }),
  });
  return answer.ok && (await answer.json()).active === true;
}

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const resourceServer = http.createServer(async (req, res) => {
  try {
    const path = new URL(req.url, resource).pathname;
    if (path === '/.well-known/oauth-protected-resource/mcp' || path === '/.well-known/oauth-protected-resource') {
      json(res, 200, { resource, authorization_servers: [issuer], scopes_supported: ['mcp'] });
      return;
    }
    if (path === '/test/issued') {
      json(res, 200, issued);
      return;
    }
    if (path !== '/mcp') {
      json(res, 404, { error: 'not found' });
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization || '');
    if (!bearer || !(await active(bearer[1]))) {
      json(res, 401, { error: 'invalid_token' }, {
        'www-authenticate': `Bearer resource_metadata="${metadataUrl}", scope="mcp"` + (bearer ? ', error="invalid_token"' : ''),
      });
      return;
    }
    let body = '';
    for await (const chunk of req) {
      body += chunk;
    }
    const message = body ? JSON.parse(body) : {};
    json(res, 200, { jsonrpc: '2.0', id: message.id ?? null, result: { method: message.method ?? null } });
  } catch (e) {
    console.error('resource server error', e);
    json(res, 500, { error: 'server_error' });
  }
});

let listening = 0;
const ready = () => {
  if (++listening === 2) {
    console.log('oidc upstream ready');
  }
};
provider.listen(asPort, '127.0.0.1', ready);
resourceServer.listen(rsPort, '127.0.0.1', ready);
