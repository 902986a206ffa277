import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REFRESH_LIFETIME_SECONDS } from '../functions/web/staff/oidc.ts';
import { ROLES, isRole, type Role } from '../functions/contracts/roles.ts';
import { html } from '../functions/web/public-pages/html.ts';
import { staffDocument } from '../functions/web/staff-pages/staff-layout.ts';
import { DEV_AUDIENCE, type DevIssuer } from './dev-issuer.ts';

/** Where the dev issuer's endpoints live on the local stack: the stand-in for Cognito's managed login domain. */
export const DEV_SIGN_IN_PATH = '/_local/dev-issuer';
/** Cognito's default ID token lifetime, so sessions end locally as they do in AWS. */
const SESSION_LIFETIME = '1h';
const CODE_LIFETIME_MS = 60_000;

interface Grant {
  /** The sign-in's `origin_jti`, carried by every ID token its refresh token gives, as Cognito does. */
  readonly originJti?: string;
  readonly agencyId: string;
  readonly role: Role;
  readonly email: string;
}

interface PendingCode extends Grant {
  readonly challenge: string;
  readonly redirectUri: string;
  readonly expiresAt: number;
}

const ROLE_NAMES: Record<Role, string> = {
  'intake-worker': 'Intake worker', 'case-manager': 'Case manager', supervisor: 'Supervisor', 'agency-admin': 'Agency administrator',
};

/**
 * The local stack's sign-in domain: the OAuth 2.0 endpoints Cognito's managed login serves (authorize, token with the
 * code and refresh grants, revoke, logout, JWKS), speaking the same protocol, so the staff pages' sign-in runs the
 * same code locally as in AWS. Its sign-in page asks for no password: pick an agency, a role and an address. Never
 * deployed.
 */
export class DevSignIn {
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, Grant & { readonly expiresAt: number }>();

  constructor(
    private readonly issuer: DevIssuer,
    private readonly agencies: () => ReadonlyArray<{ readonly id: string; readonly name: string }>,
    /** The staff pages' callback: the only place codes are sent. */
    private readonly callbackUrl: () => string,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse, path: string, url: URL): Promise<boolean> {
    if (!path.startsWith(`${DEV_SIGN_IN_PATH}/`)) return false;
    const endpoint = path.slice(DEV_SIGN_IN_PATH.length);
    if (request.method === 'GET' && endpoint === '/.well-known/jwks.json') return send(response, 200, 'application/json', JSON.stringify(this.issuer.jwks()));
    if (request.method === 'GET' && endpoint === '/logout') {
      const target = url.searchParams.get('logout_uri') ?? '';
      if (!target.startsWith(this.callbackUrl().replace(/\/staff\/callback$/, '/staff/'))) return send(response, 400, 'text/plain', 'logout_uri is not a sign-out URL of this client');
      response.writeHead(302, { location: target }).end();
      return true;
    }
    if (endpoint === '/oauth2/authorize') return this.authorize(request, response, request.method === 'POST' ? new URLSearchParams(await readText(request)) : url.searchParams);
    if (request.method === 'POST' && endpoint === '/oauth2/token') {
      const params = new URLSearchParams(await readText(request));
      return params.get('grant_type') === 'refresh_token' ? this.refresh(response, params) : this.token(response, params);
    }
    if (request.method === 'POST' && endpoint === '/oauth2/revoke') {
      const params = new URLSearchParams(await readText(request));
      if (params.get('client_id') !== DEV_AUDIENCE) return send(response, 400, 'application/json', JSON.stringify({ error: 'invalid_client' }));
      this.refreshTokens.delete(params.get('token') ?? '');
      return send(response, 200, 'application/json', '{}');
    }
    return false;
  }

  private async authorize(request: IncomingMessage, response: ServerResponse, params: URLSearchParams): Promise<boolean> {
    const redirectUri = params.get('redirect_uri') ?? '';
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('client_id') !== DEV_AUDIENCE || redirectUri !== this.callbackUrl() || params.get('response_type') !== 'code'
      || params.get('code_challenge_method') !== 'S256' || !challenge) {
      return send(response, 400, 'text/plain', 'invalid authorization request (client_id, redirect_uri, response_type, PKCE S256)');
    }
    const agencies = this.agencies();
    if (request.method !== 'POST') return send(response, 200, 'text/html; charset=utf-8', signInPage(agencies, params));

    const agencyId = params.get('agency') ?? '';
    const role = params.get('role') ?? '';
    if (!agencies.some((agency) => agency.id === agencyId) || !isRole(role)) {
      return send(response, 422, 'text/html; charset=utf-8', signInPage(agencies, params, 'Choose an agency and a role.'));
    }
    const email = (params.get('email') ?? '').trim() || `${role}@${agencyId}.caseforms.test`;
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { agencyId, role, email, challenge, redirectUri, expiresAt: Date.now() + CODE_LIFETIME_MS });
    const target = new URL(redirectUri);
    target.search = new URLSearchParams({ code, state: params.get('state') ?? '' }).toString();
    response.writeHead(302, { location: target.toString() }).end();
    return true;
  }

  /** The code, once, within a minute, to the redirect URI it was issued for, with the verifier of its challenge. */
  private async token(response: ServerResponse, params: URLSearchParams): Promise<boolean> {
    const code = params.get('code') ?? '';
    const pending = this.codes.get(code);
    this.codes.delete(code);
    const verifier = params.get('code_verifier') ?? '';
    const valid = pending && pending.expiresAt > Date.now() && params.get('grant_type') === 'authorization_code'
      && params.get('client_id') === DEV_AUDIENCE && params.get('redirect_uri') === pending.redirectUri
      && createHash('sha256').update(verifier).digest('base64url') === pending.challenge;
    if (!valid) return send(response, 400, 'application/json', JSON.stringify({ error: 'invalid_grant' }));
    const refreshToken = randomBytes(32).toString('base64url');
    const grant = { originJti: randomUUID(), agencyId: pending.agencyId, role: pending.role, email: pending.email };
    this.refreshTokens.set(refreshToken, { ...grant, expiresAt: Date.now() + REFRESH_LIFETIME_SECONDS * 1000 });
    return send(response, 200, 'application/json', JSON.stringify({ id_token: await this.idToken(grant), refresh_token: refreshToken, token_type: 'Bearer', expires_in: 3600 }));
  }

  /** A new ID token for a refresh token this domain issued, not revoked, within its lifetime; no new refresh token. */
  private async refresh(response: ServerResponse, params: URLSearchParams): Promise<boolean> {
    const grant = this.refreshTokens.get(params.get('refresh_token') ?? '');
    if (!grant || grant.expiresAt <= Date.now() || params.get('client_id') !== DEV_AUDIENCE) {
      return send(response, 400, 'application/json', JSON.stringify({ error: 'invalid_grant' }));
    }
    return send(response, 200, 'application/json', JSON.stringify({ id_token: await this.idToken(grant), token_type: 'Bearer', expires_in: 3600 }));
  }

  private idToken(grant: Grant): Promise<string> {
    return this.issuer.sign({ agencyId: grant.agencyId, roles: [grant.role], email: grant.email, tokenUse: 'id', expiresIn: SESSION_LIFETIME, ...(grant.originJti ? { originJti: grant.originJti } : {}) });
  }
}

function signInPage(agencies: ReadonlyArray<{ readonly id: string; readonly name: string }>, params: URLSearchParams, error?: string): string {
  const passOn = ['client_id', 'redirect_uri', 'response_type', 'state', 'code_challenge', 'code_challenge_method', 'scope'];
  const chosenAgency = params.get('agency') ?? agencies[0]?.id;
  const chosenRole = params.get('role') ?? 'case-manager';
  return staffDocument('Sign in (local dev issuer)', { agencyName: 'caseforms local sign-in' }, html`<h1>Sign in</h1>
<p>This is the local stand-in for the agency's sign-in page. It asks for no password: choose who to be.</p>
${error ? html`<div class="error-summary" role="alert"><p>${error}</p></div>` : undefined}
<form method="post" action="${DEV_SIGN_IN_PATH}/oauth2/authorize">
${passOn.map((name) => html`<input type="hidden" name="${name}" value="${params.get(name) ?? ''}">`)}
<fieldset class="field choice"><legend>Agency</legend>${agencies.map((agency, index) => html`<div class="option"><input type="radio" id="agency-${index}" name="agency" value="${agency.id}"${agency.id === chosenAgency ? html` checked` : undefined}> <label for="agency-${index}">${agency.name}</label></div>`)}</fieldset>
<fieldset class="field choice"><legend>Role</legend>${ROLES.map((role) => html`<div class="option"><input type="radio" id="role-${role}" name="role" value="${role}"${role === chosenRole ? html` checked` : undefined}> <label for="role-${role}">${ROLE_NAMES[role]}</label></div>`)}</fieldset>
<div class="field"><label for="email">Email address</label><p class="help" id="email-help">Leave empty for the role's demo address, such as case-manager@demo.caseforms.test.</p><input type="email" id="email" name="email" aria-describedby="email-help" value="${params.get('email') ?? ''}" autocomplete="email"></div>
<button type="submit" class="primary">Sign in</button>
</form>`);
}

function send(response: ServerResponse, status: number, contentType: string, body: string): true {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
  return true;
}

function readText(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => { size += chunk.length; if (size <= 64 * 1024) chunks.push(chunk); });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
