// A real OpenID provider for the console's single sign-on test: `oidc-provider` (a certified OP implementation),
// configured with one confidential client and its development login screen (any login name, any password), so a
// browser signs in as whoever it types. Each account's groups: ["gatehouse-admins"], except the login `outsider`
// whose group maps to no Gatehouse role. Usage:
//   node oidc-provider.mjs --port P --redirect-uri URI --post-logout-redirect-uri URI --client-id ID --client-secret SECRET
//        [--host H] [--access-tokens jwt|opaque]
// Prints {"issuer": "..."} on one line once it listens. --host names the issuer's host (default 127.0.0.1; it always
// listens on 127.0.0.1), so a browser can see it as another site than the relying party.
// --client-auth client_secret_post (default client_secret_basic), --pkce optional and --admin-group NAME (default
// gatehouse-admins: the group every account but `outsider` is in) are for Payara's OpenID Connect client, which sends its
// secret in the form, sends no PKCE and maps the groups claim to roles by name.
// --access-tokens (for an application server's own OIDC client, such as WildFly's elytron-oidc-client): the access
// token is a JWT (oidc-provider's resource indicators with accessTokenFormat 'jwt') carrying Keycloak's
// realm_access.roles ("gatehouse-admin"; none for `outsider`), except for logins starting with `opaque`, whose access
// token is opaque, as many providers issue them; PKCE is then not required of the confidential client, since
// that client sends none.
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) => {
  if (value.startsWith('--')) pairs.push([value.slice(2), all[i + 1]]);
  return pairs;
}, []));
const port = Number(args.port);
const issuer = `http://${args.host ?? '127.0.0.1'}:${port}`;
const accessTokens = args['access-tokens']; // undefined: the launcher's single sign-on, as before
const consoleResource = 'urn:gatehouse:console';
const adminGroup = args['admin-group'] ?? 'gatehouse-admins';
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-rs256', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: args['client-id'],
    client_secret: args['client-secret'],
    redirect_uris: [args['redirect-uri']],
    post_logout_redirect_uris: [args['post-logout-redirect-uri']],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: args['client-auth'] ?? 'client_secret_basic',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['gatehouse-test-cookie-key-0123456789'] },
  pkce: { required: () => accessTokens === undefined && args.pkce !== 'optional' },
  // with --access-tokens, preferred_username comes with the scope openid alone, as Keycloak sends it: WildFly's client
  // asks for no other scope, and names the user after that claim of the ID token
  claims: accessTokens === undefined
    ? { openid: ['sub', 'groups'], profile: ['name', 'preferred_username'], email: ['email'] }
    : { openid: ['sub', 'groups', 'preferred_username'], profile: ['name'], email: ['email'] },
  conformIdTokenClaims: false, // the groups and name go in the ID token itself
  features: {
    devInteractions: { enabled: true },
    ...(accessTokens === undefined ? {} : {
      resourceIndicators: {
        enabled: true,
        defaultResource: () => consoleResource,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx) => ({ scope: 'console', audience: args['client-id'], accessTokenTTL: 3600,
          accessTokenFormat: String(ctx.oidc.entities?.AuthorizationCode?.accountId).startsWith('opaque') ? 'opaque' : accessTokens }),
      },
    }),
  },
  // Keycloak's realm roles, which the Elytron OIDC client reads from the access token
  extraTokenClaims: async (ctx, token) => (accessTokens === undefined || token.kind !== 'AccessToken' ? undefined
    : { realm_access: { roles: token.accountId === 'outsider' ? [] : ['gatehouse-admin'] } }),
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, name: `Test ${id}`, email: `${id}@example.com`,
          groups: id === 'outsider' ? ['contractors'] : [adminGroup] };
      },
    };
  },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ issuer })));
