import { Duration, Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CALLBACK_PATH, REFRESH_LIFETIME_SECONDS } from '../functions/web/staff/oidc.ts';
import { ROLES } from '../functions/contracts/roles.ts';
import type { SignInConfig } from '../functions/contracts/sign-in-config.ts';
import { CLAIMS } from '../functions/contracts/staff-claims.ts';
import { routes } from '../functions/contracts/routes.ts';
import { addManagedLogin, defaultSignInDomainPrefix } from './sign-in-domain.ts';
import type { StageSettings } from './stage.ts';

/** `custom:agency` is the claim; the pool's schema names the attribute without the prefix. */
export const AGENCY_ATTRIBUTE = CLAIMS.agency.replace(/^custom:/, '');

/** Agency ids are plain slugs of at most 63 characters (functions/contracts/ids.ts). */
const AGENCY_ID_MAX_LENGTH = 63;

/**
 * The staff pages' sign-in page: where a sign-out comes back to (signOutUrl in functions/web/staff/oidc.ts) and what the
 * StaffSignInUrl output points at. Read from the route table, so a moved route cannot leave the client behind.
 */
export const STAFF_SIGN_IN_PATH = (() => {
  const route = routes.find((candidate) => candidate.handler === 'staff-sign-in');
  if (!route) throw new Error('functions/contracts/routes.ts has no staff-sign-in route');
  return route.path;
})();

/** An agency's own OpenID Connect provider (Entra ID, Okta…) instead of the stack's user pool. */
export interface ExternalIssuer {
  readonly issuer: string;
  readonly audience: string;
  /**
   * For the staff pages: the base of its `/oauth2/authorize`, `/oauth2/token` and `/logout` endpoints, the paths
   * functions/web/staff/oidc.ts calls (Cognito's spelling), with the client `audience` registered there as a public client
   * whose callback is `<ApiUrl>/staff/callback` and whose sign-out URL is `<ApiUrl>/staff/sign-in`.
   */
  readonly signInUrl: string;
  /** Where it publishes the keys its ID tokens are signed with (its discovery document's `jwks_uri`). */
  readonly jwksUrl: string;
}

export interface StaffIdentityProps {
  readonly settings: StageSettings;
  /** When set, tokens are checked against this issuer; its tokens must carry the same claims (see staff-claims.ts). */
  readonly externalIssuer?: ExternalIssuer;
  /**
   * Where the staff pages are served, without a trailing slash: the API's endpoint. Sign-in and sign-out return
   * there. A lazy value is expected: the API is built after this construct, because its staff routes need the authorizer.
   */
  readonly pagesBaseUrl: string;
  /** The managed login domain's prefix (parseSignInDomainPrefix); by default `<stack name>-<account id>`. */
  readonly signInDomainPrefix?: string;
}

/**
 * Who staff are: a Cognito user pool whose ID tokens carry the claims functions/contracts/staff-claims.ts reads
 * (`sub`, `custom:agency`, `cognito:groups`, `email`), one group per role in ROLES, and the API Gateway JWT
 * authorizer that checks those tokens before a staff function runs. The local dev issuer has no part in it.
 *
 * Token type: staff send the **ID token**. The access token carries neither `custom:agency` nor `email` (adding
 * them takes a pre-token-generation trigger), so the handlers could not tell which agency a caller belongs to.
 * The ID token's `aud` is the app client id, which is what the authorizer's audience checks. API Gateway falls back
 * to `client_id` when a token has no `aud`, so this client's access tokens pass the authorizer too; they carry no
 * agency claim, and staffFromClaims turns them away with 401.
 *
 * Two ways to get that ID token. API clients sign in with SRP. The staff pages (browsers) use the managed login
 * domain with the authorization-code grant and PKCE (functions/web/staff/oidc.ts) and keep the ID token as their session
 * cookie, which their functions verify against `signIn` themselves. With an external issuer, the pool has no domain
 * and its client no OAuth: the staff pages sign in at the issuer instead.
 */
export class StaffIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly groups: readonly cognito.UserPoolGroup[];
  readonly authorizer: HttpJwtAuthorizer;
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`: the `iss` of every token the pool signs. */
  readonly issuer: string;
  /** The managed login domain; undefined with an external issuer. */
  readonly domain: cognito.UserPoolDomain | undefined;
  /** What the staff pages' functions need to sign staff in and verify their session (functions/contracts/sign-in-config.ts). */
  readonly signIn: SignInConfig;

  constructor(scope: Construct, id: string, { settings, externalIssuer, pagesBaseUrl, signInDomainPrefix }: StaffIdentityProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Staff accounts are created by an administrator (AdminCreateUser), who sets the agency and groups.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // A changed address takes effect only once verified, so a typo cannot lock anyone out.
      keepOriginal: { email: true },
      customAttributes: {
        // Mutable so an administrator can correct it or move a staff member to another agency with
        // AdminUpdateUserAttributes (IAM-authorized, in CloudTrail) without deleting the user, which would give them
        // a new `sub` and cut them off from their audit trail. Staff cannot change it themselves: the app client's
        // writeAttributes leave it out. (CloudFormation cannot change a custom attribute once the pool exists.)
        [AGENCY_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: AGENCY_ID_MAX_LENGTH, mutable: true }),
      },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 24,
        tempPasswordValidity: Duration.days(3),
      },
      // Case data is health data: every staff sign-in takes a second factor. TOTP only: SMS is phishable and
      // SIM-swappable, and would need an SNS role and spend limits.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus adds threat protection: sign-ins with leaked credentials and high-risk sign-ins are blocked. Priced
      // per monthly active user, and staff are few; setting it is one property.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: settings.deletionProtection,
      removalPolicy: settings.removalPolicy,
    });

    // Group names are the roles, and arrive in the ID token as `cognito:groups`.
    this.groups = ROLES.map((role) =>
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `caseforms staff role ${role}` }),
    );

    // `locale` is the language the staff pages start in for the user (web/staff/staff-locale.ts).
    const readable = new cognito.ClientAttributes()
      .withStandardAttributes({ email: true, emailVerified: true, fullname: true, givenName: true, familyName: true, locale: true })
      .withCustomAttributes(AGENCY_ATTRIBUTE);
    // Must not be empty: Cognito reads an empty WriteAttributes as "the default", which lets the client write
    // every attribute, custom:agency included. Email is left to administrators too (it is the sign-in name).
    const writable = new cognito.ClientAttributes().withStandardAttributes({ fullname: true, givenName: true, familyName: true });

    this.client = this.userPool.addClient('StaffClient', {
      // A browser app: a secret could not be kept in it.
      generateSecret: false,
      // SRP, for API clients: the password never leaves the browser. Refresh-token sign-in is always on.
      authFlows: { userSrp: true },
      ...(externalIssuer
        // Nobody signs in through the pool: no OAuth flows at all (CDK would otherwise enable the implicit grant).
        ? { disableOAuth: true }
        : { oAuth: staffPagesOAuth(pagesBaseUrl), supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO] }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // One working shift; after it, sign in again (and MFA again). The staff pages' refresh cookie lasts as long.
      refreshTokenValidity: Duration.seconds(REFRESH_LIFETIME_SECONDS),
      readAttributes: readable,
      writeAttributes: writable,
    });

    this.issuer = externalIssuer?.issuer ?? `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    const audience = externalIssuer?.audience ?? this.client.userPoolClientId;
    this.authorizer = new HttpJwtAuthorizer('StaffJwtAuthorizer', this.issuer, {
      // The ID token's `aud` (see the class comment). No scopes: ID tokens carry none.
      jwtAudience: [audience],
    });

    let signInBaseUrl: string;
    if (externalIssuer) {
      this.domain = undefined;
      signInBaseUrl = externalIssuer.signInUrl;
    } else {
      this.domain = addManagedLogin(this, { userPool: this.userPool, client: this.client, domainPrefix: signInDomainPrefix ?? defaultSignInDomainPrefix(this) });
      signInBaseUrl = this.domain.baseUrl();
    }
    this.signIn = {
      issuer: this.issuer,
      clientId: audience,
      signInBaseUrl,
      // Where Cognito publishes a pool's signing keys.
      jwksUrl: externalIssuer?.jwksUrl ?? `${this.issuer}/.well-known/jwks.json`,
      pagesBaseUrl,
    };
  }
}

/**
 * The staff pages' OAuth settings (functions/web/staff/oidc.ts): the authorization-code grant only (PKCE is the pages'
 * part), never the implicit grant, which puts tokens in URLs, nor client credentials. The callback and the sign-out
 * return must match what the functions send exactly, so both are built from the same paths.
 *
 * Scopes: `openid` for the ID token and `email` for its email claim. `profile` because Cognito limits the ID token to
 * what the requested scopes authorize as soon as any scope besides `openid` is requested, and `profile` is the one
 * that authorizes custom attributes, `custom:agency` among them; the client's readAttributes still bound what it sees.
 */
function staffPagesOAuth(pagesBaseUrl: string): cognito.OAuthSettings {
  return {
    flows: { authorizationCodeGrant: true },
    scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
    callbackUrls: [`${pagesBaseUrl}${CALLBACK_PATH}`],
    logoutUrls: [`${pagesBaseUrl}${STAFF_SIGN_IN_PATH}`],
  };
}
