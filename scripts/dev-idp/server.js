// Development OpenID Connect provider for FitService, built on oidc-provider (OpenID Certified).
// Demo users only, one per role and department, no passwords. Refuses to run outside Development and
// listens on loopback only. Settings (environment):
//   ASPNETCORE_ENVIRONMENT  must be Development
//   DEV_IDP_PORT            port on 127.0.0.1 (default 5081)
//   DEV_IDP_CLIENT_URL      the service's base URL, for its redirect URIs (default http://127.0.0.1:5080)
//   DEV_IDP_CLIENT_ID       default fitservice-web
//   DEV_IDP_CLIENT_SECRET   default fitservice-dev-secret (client_secret_basic)
//   DEV_IDP_CLIENT_JWKS_FILE  the client's public keys (JWKS): then the client authenticates with
//                           private_key_jwt and must use pushed authorization requests, as HelseID demands
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { users, otherUser, loginPage, logoutPage, errorPage } from './pages.js';

const environment = process.env.ASPNETCORE_ENVIRONMENT ?? process.env.DOTNET_ENVIRONMENT;
if (environment !== 'Development' || process.env.NODE_ENV === 'production') {
  console.error('dev-idp: refusing to start: set ASPNETCORE_ENVIRONMENT=Development (demo users without passwords are for local use only)');
  process.exit(1);
}

const host = '127.0.0.1';
const port = Number(process.env.DEV_IDP_PORT ?? 5081);
const clientUrl = (process.env.DEV_IDP_CLIENT_URL ?? 'http://127.0.0.1:5080').replace(/\/$/, '');
const clientUrlHost = new URL(clientUrl).hostname;
if (!['127.0.0.1', 'localhost', '[::1]'].includes(clientUrlHost)) {
  console.error(`dev-idp: refusing a client outside this machine: ${clientUrl}`);
  process.exit(1);
}
const issuer = `http://${host}:${port}`;

// Fresh keys per start: nothing here is meant to outlive the process.
// Users made on the login page ("Other demo user"), by subject, for findAccount.
const otherUsers = new Map();

const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const jwksFile = process.env.DEV_IDP_CLIENT_JWKS_FILE;
const clientAuthentication = jwksFile
  ? { token_endpoint_auth_method: 'private_key_jwt', jwks: JSON.parse(readFileSync(jwksFile, 'utf8')), require_pushed_authorization_requests: true }
  : { token_endpoint_auth_method: 'client_secret_basic', client_secret: process.env.DEV_IDP_CLIENT_SECRET ?? 'fitservice-dev-secret' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.DEV_IDP_CLIENT_ID ?? 'fitservice-web',
    client_name: 'FitService',
    redirect_uris: [`${clientUrl}/signin-oidc`],
    post_logout_redirect_uris: [`${clientUrl}/signout-callback-oidc`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    ...clientAuthentication,
  }],
  jwks: { keys: [{ ...signingKey, kid: 'dev-idp', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  // The service reads role and department from the ID token.
  claims: { openid: ['sub'], profile: ['name'], fitservice: ['role', 'department'] },
  conformIdTokenClaims: false,
  scopes: ['openid', 'profile', 'fitservice'],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true, logoutSource: (ctx, form) => { ctx.body = logoutPage(form); } },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const user = users.find(u => u.sub === sub) ?? otherUsers.get(sub);
    if (!user) return undefined;
    return { accountId: sub, claims: () => ({ sub, name: user.name, role: user.role, department: user.departments }) };
  },
  // A first-party client: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile fitservice');
    await grant.save();
    return grant;
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = errorPage(out);
  },
});

const oidc = provider.callback();

async function interaction(req, res, uid, action) {
  res.setHeader('Cache-Control', 'no-store');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'GET' && !action) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(loginPage(uid));
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const form = new URLSearchParams(await body(req));
    const user = form.get('user') === 'other'
      ? otherUser(form.get('role'), form.get('departments'))
      : users.find(u => u.sub === form.get('user'));
    if (!user) {
      res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(loginPage(uid, 'Ukjent bruker, eller ugyldige avdelingskoder (f.eks. DEMO-A) / Unknown user, or invalid department codes (e.g. DEMO-A)'));
      return;
    }
    if (!users.includes(user)) otherUsers.set(user.sub, user);
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
    return;
  }
  if (req.method === 'POST' && action === 'abort') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Sign-in cancelled' });
    return;
  }
  res.writeHead(404).end();
}

function body(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', chunk => { text += chunk; if (text.length > 10_000) req.destroy(); });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(new URL(req.url, issuer).pathname);
  if (!match) return oidc(req, res);
  interaction(req, res, match[1], match[2]).catch(error => {
    if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(errorPage({ error: 'invalid_request', error_description: error.message }));
  });
});

server.listen(port, host, () => {
  console.log(`dev-idp: OpenID Connect provider for Development on ${issuer} (client ${clientUrl})`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { server.close(() => process.exit(0)); server.closeAllConnections(); });
