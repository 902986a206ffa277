import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  DomainName, HttpApi, HttpMethod, HttpNoneAuthorizer, LogGroupLogDestination, SecurityPolicy,
  type HttpRoute, type HttpStage, type IHttpRouteAuthorizer, type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Route, RouteAccess } from '../functions/contracts/routes.ts';
import type { StageSettings } from './stage.ts';

/**
 * One JSON line per request. The route key is the route's template (`GET /agencies/{agencyId}/links/{token}`), never
 * the requested path, so secure-link tokens and case ids stay out of the logs. The source IP and the staff member's
 * `sub` are what an access review needs to tie a request to a client or a person.
 */
export const accessLogFields: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  sourceIp: '$context.identity.sourceIp',
  staffSub: '$context.authorizer.claims.sub',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
};

/** A route of the table that API Gateway lets through without a token, and the API Gateway route it became. */
export interface PublicRoute {
  readonly route: Route;
  readonly httpRoute: HttpRoute;
}

/**
 * Each API has its own stage throttle, so a flood of one cannot use up the other's: the public API (reached through
 * CloudFront and WAF) and the staff API (staff routes and staff pages) are separate HTTP APIs. Only the account's
 * regional API Gateway limit is still shared. Requests per second, steady and burst.
 */
export const publicApiThrottle: ThrottleSettings = { rateLimit: 50, burstLimit: 100 };
export const staffApiThrottle: ThrottleSettings = { rateLimit: 25, burstLimit: 50 };

/**
 * A regional custom domain for an API that only CloudFront calls: with it, the API's execute-api endpoint is disabled,
 * so no request reaches the API without passing the edge's WAF. CloudFront connects to domainName, which DNS must
 * resolve to the domain's regional target (the PublicOriginTarget output).
 */
export interface OriginDomain {
  readonly domainName: string;
  /** An ACM certificate for domainName in the stack's own region (API Gateway's regional endpoints need one there). */
  readonly certificateArn: string;
}

export interface CaseformsApiProps {
  readonly apiName: string;
  readonly routes: readonly Route[];
  readonly functionFor: (route: Route) => lambda.IFunction;
  /** Checks the staff token on every route whose access is 'staff' (the JWT authorizer of infra/auth.ts); needed only with such routes. */
  readonly staffAuthorizer?: IHttpRouteAuthorizer;
  readonly throttle: ThrottleSettings;
  /** Serve the API only at this custom domain: the execute-api endpoint is disabled. */
  readonly originDomain?: OriginDomain;
  /** Encrypts the access log group, like every other log group in the stack. */
  readonly key: kms.IKey;
  readonly settings: StageSettings;
}

/**
 * The HTTP API: one API Gateway route per entry of the route table. Staff routes get the staff authorizer, so a
 * request without a valid token never reaches the function; public routes get none.
 */
export class CaseformsApi extends Construct {
  readonly httpApi: HttpApi;
  /** The custom domain the API is served at, when its execute-api endpoint is disabled. */
  readonly originDomain: DomainName | undefined;
  readonly stage: HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The routes deliberately open to the public (no authorizer), for review: see infra/nag-suppressions.ts. */
  readonly publicRoutes: readonly PublicRoute[];
  /** The staff pages: no API authorizer, because their functions verify the session cookie (see nag-suppressions.ts). */
  readonly staffPageRoutes: readonly PublicRoute[];

  constructor(scope: Construct, id: string, { apiName, routes, functionFor, staffAuthorizer, throttle, originDomain, key, settings }: CaseformsApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', { apiName, createDefaultStage: false, disableExecuteApiEndpoint: originDomain !== undefined });
    this.originDomain = originDomain
      ? new DomainName(this, 'OriginDomain', {
        domainName: originDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, 'OriginCertificate', originDomain.certificateArn),
        securityPolicy: SecurityPolicy.TLS_1_2,
      })
      : undefined;
    // Who called which route, and with what outcome: the audit trail for the public routes, which no authorizer logs.
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      encryptionKey: key,
      removalPolicy: settings.removalPolicy,
    });
    // A stage throttle of this API's own caps what a flood can cost before AWS's account limit would, and only here.
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      ...(this.originDomain ? { domainMapping: { domainName: this.originDomain } } : {}),
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });

    // Public routes say "no authorizer" explicitly, so a default authorizer added to the API later cannot lock them.
    const publicAuthorizer = new HttpNoneAuthorizer();
    // Staff pages carry a session cookie, which a JWT authorizer cannot read: their functions verify it themselves.
    const authorizers: Partial<Record<RouteAccess, IHttpRouteAuthorizer>> = {
      public: publicAuthorizer, 'staff-page': publicAuthorizer, ...(staffAuthorizer ? { staff: staffAuthorizer } : {}),
    };
    const publicRoutes: PublicRoute[] = [];
    const staffPageRoutes: PublicRoute[] = [];
    // One integration and one invoke permission per function, not per route: CloudFormation allows a stack 500
    // resources, and a permission per route cost one each. The permission admits this API only (any stage, method
    // and path of it); which route reaches which function is the route table's to decide (docs/security.md).
    const integrations = new Map<string, HttpLambdaIntegration>();
    const integrationFor = (route: Route): HttpLambdaIntegration => {
      let integration = integrations.get(route.handler);
      if (!integration) {
        integration = new HttpLambdaIntegration(route.handler, functionFor(route), { scopePermissionToRoute: false });
        integrations.set(route.handler, integration);
      }
      return integration;
    };
    for (const route of routes) {
      // Fail closed: a route whose access is neither (a typo that slipped past the types), or a staff route without
      // the staff authorizer, must not deploy open.
      if (!Object.hasOwn(authorizers, route.access)) throw new Error(`Route ${route.method} ${route.path}: no authorizer for access ${JSON.stringify(route.access)}`);
      const added = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationFor(route),
        authorizer: authorizers[route.access],
      });
      if (route.access === 'public') publicRoutes.push(...added.map((httpRoute) => ({ route, httpRoute })));
      if (route.access === 'staff-page') staffPageRoutes.push(...added.map((httpRoute) => ({ route, httpRoute })));
    }
    this.publicRoutes = publicRoutes;
    this.staffPageRoutes = staffPageRoutes;
  }

  get url(): string {
    return this.stage.url;
  }
}
