// A real OpenID provider for the console's single sign-on test: `oidc-provider` (a certified OP implementation),
// configured with one confidential client and its development login screen (any login name, any password), so a
// browser signs in as whoever it types. Each account's groups: ["gatehouse-admins"], except the login `outsider`
// whose group maps to no Gatehouse role. Usage:
//   node oidc-provider.mjs --port P --redirect-uri URI --post-logout-redirect-uri URI --client-id ID --client-secret SECRET
// Prints {"issuer": "..."} on one line once it listens.
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, i, all) => {
  if (value.startsWith('--')) pairs.push([value.slice(2), all[i + 1]]);
  return pairs;
}, []));
const port = Number(args.port);
const issuer = `http://127.0.0.1:${port}`;
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
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['gatehouse-test-cookie-key-0123456789'] },
  pkce: { required: () => true },
  claims: { openid: ['sub', 'groups'], profile: ['name', 'preferred_username'], email: ['email'] },
  conformIdTokenClaims: false, // the groups and name go in the ID token itself
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, name: `Test ${id}`, email: `${id}@example.com`,
          groups: id === 'outsider' ? ['contractors'] : ['gatehouse-admins'] };
      },
    };
  },
});
provider.proxy = false;
provider.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ issuer })));
