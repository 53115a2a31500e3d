// Vrsky's local identity provider: node-oidc-provider configured for the OAuth 2.0 client-credentials grant
// (RFC 6749 §4.4) and token introspection (RFC 7662), with Keycloak-style paths under /realms/<realm> so the
// token worker talks to it exactly as it would to the production IdP.
//
// Environment:
//   PORT                 port to listen on (127.0.0.1); required
//   IDP_REALM            realm name in the paths (default phoenix)
//   IDP_CLIENT_ID        the seeded confidential client ...
//   IDP_CLIENT_SECRET    ... and its secret (both required)
//   IDP_CLIENTS          optional JSON array of more clients: [{"client_id":"..","client_secret":"..","scope":".."}]
//   IDP_SCOPES           space-separated scopes clients may ask for (default "tokens:read tokens:write")
//   IDP_TOKEN_TTL        access token lifetime in seconds (default 300)
//
// Besides the provider's own routes it serves GET /health (200 once listening) and GET /stats (token endpoint calls
// per client id, for tests and benchmarks that must count IdP calls).
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

const { default: Provider } = await import('oidc-provider').catch((e) => {
  console.error(`idp: cannot load oidc-provider (${e.code ?? e.message}); install it with: npm ci --prefix Vrsky.AppHost/idp`);
  process.exit(2);
});

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`idp: environment variable ${name} is required`);
    process.exit(2);
  }
  return value;
}

const port = Number.parseInt(required('PORT'), 10);
const realm = process.env.IDP_REALM || 'phoenix';
const scopes = (process.env.IDP_SCOPES || 'tokens:read tokens:write').split(' ').filter(Boolean);
const tokenTtl = Number.parseInt(process.env.IDP_TOKEN_TTL || '300', 10);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`idp: PORT '${process.env.PORT}' is not a port number`);
  process.exit(2);
}
if (!Number.isInteger(tokenTtl) || tokenTtl < 1) {
  console.error(`idp: IDP_TOKEN_TTL '${process.env.IDP_TOKEN_TTL}' is not a positive number of seconds`);
  process.exit(2);
}

let extraClients = [];
if (process.env.IDP_CLIENTS) {
  try {
    extraClients = JSON.parse(process.env.IDP_CLIENTS);
  } catch (e) {
    console.error(`idp: IDP_CLIENTS is not valid JSON (${e.message})`);
    process.exit(2);
  }
}

function confidentialClient({ client_id, client_secret, scope }) {
  return {
    client_id,
    client_secret,
    scope: scope || scopes.join(' '),
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    // The provider accepts client_secret_post too for a client registered with a secret.
    token_endpoint_auth_method: 'client_secret_basic',
  };
}

const clients = [
  { client_id: required('IDP_CLIENT_ID'), client_secret: required('IDP_CLIENT_SECRET') },
  ...extraClients,
].map(confidentialClient);

// A fresh signing key per run: tokens are opaque (validated by introspection), the key only signs discovery-side JWTs.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const realmPath = `/realms/${realm}`;
const protocolPath = `${realmPath}/protocol/openid-connect`;
const issuer = `http://127.0.0.1:${port}${realmPath}`;

const provider = new Provider(issuer, {
  clients,
  scopes: ['openid', ...scopes],
  jwks: { keys: [privateKey.export({ format: 'jwk' })] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: {
      enabled: true,
      // A client may introspect only the tokens issued to itself.
      allowedPolicy: async (ctx, client, token) => token.clientId === undefined || token.clientId === client.clientId,
    },
    revocation: { enabled: true },
  },
  ttl: { ClientCredentials: tokenTtl },
  routes: {
    token: `${protocolPath}/token`,
    introspection: `${protocolPath}/token/introspect`,
    revocation: `${protocolPath}/revoke`,
    jwks: `${protocolPath}/certs`,
    authorization: `${protocolPath}/auth`,
    userinfo: `${protocolPath}/userinfo`,
    end_session: `${protocolPath}/logout`,
  },
  findAccount: async () => undefined,
});

// Counts token endpoint calls per client id (unknown clients under their claimed id).
const tokenCalls = new Map();
function count(ctx) {
  const id = ctx.oidc?.client?.clientId ?? ctx.oidc?.params?.client_id ?? '(unknown)';
  tokenCalls.set(id, (tokenCalls.get(id) ?? 0) + 1);
}
provider.on('grant.success', count);
provider.on('grant.error', count);
provider.on('server_error', (ctx, err) => console.error(`idp: server error on ${ctx.path}: ${err.message}`));

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (req.method === 'GET' && path === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('Healthy');
    return;
  }
  if (req.method === 'GET' && path === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ tokenRequests: Object.fromEntries(tokenCalls) }));
    return;
  }
  // Keycloak serves discovery under the realm; the provider serves it at the root.
  if (path === `${realmPath}/.well-known/openid-configuration`) {
    req.url = '/.well-known/openid-configuration';
  }
  callback(req, res);
});

server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`idp: issuer ${issuer}, token endpoint ${issuer}/protocol/openid-connect/token, ${clients.length} client(s), token lifetime ${tokenTtl}s`);
});

function stop(signal) {
  console.log(`idp: ${signal}, closing`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
