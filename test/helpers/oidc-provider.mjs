// A real OpenID Connect provider for the workbench's sign-in tests (oidc-provider, the certified implementation):
// code flow with PKCE required, JWT access tokens for the API's audience (RFC 8707 resource indicators) carrying the
// account's role, unit and group, and its development login page (any login name is an account). An account's `amr`
// (RFC 8176 methods) and `acr` say how that person signs in here, with a second factor or without: they go into the
// access token as a provider's login would put them (the development login page itself asks for no second factor).
// Run as a child process (oidc-provider is an ES module):
// `node oidc-provider.mjs <redirect_uri> <audience> <accounts JSON>`, accounts as
// `{"li.na": {"role": "office", "name": "李娜", "amr": ["pwd", "otp"]}}`; prints `issuer <url>` once it listens.
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const [redirectUri, audience, accountsJson] = process.argv.slice(2);
const accounts = JSON.parse(accountsJson);
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'workbench',
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
    },
  ],
  jwks: { keys: [key] },
  pkce: { required: () => true },
  cookies: { keys: ['oidc-test-cookie-key'] },
  claims: { openid: ['sub'], profile: ['name'] },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => ({
        scope: 'api',
        audience: resource,
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, name: accounts[id]?.name }) }),
  // The API reads who the person is from the access token: role, and unit or group where the role needs one; and
  // amr and acr, how they signed in (oidc-provider puts these into the ID token only, from its own login).
  extraTokenClaims: (_ctx, token) => accounts[token.accountId],
  // Consent is the organisation's, given once for the workbench: no consent page.
  loadExistingGrant: async (ctx) => {
    const id = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    const kept = id ? await ctx.oidc.provider.Grant.find(id) : undefined;
    // prompt=login may sign another account in on the same browser: its own grant, not the one before.
    if (kept?.accountId === ctx.oidc.session.accountId) return kept;
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    grant.addResourceScope(audience, 'api');
    await grant.save();
    return grant;
  },
});
server.on('request', provider.callback());
process.stdout.write(`issuer ${issuer}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
