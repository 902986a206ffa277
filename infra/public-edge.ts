import { ArnFormat, Fn, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { Route } from '../functions/contracts/routes.ts';
// The limits live with the functions, so the local gateway enforces the same numbers.
import { PUBLIC_REQUESTS_PER_IP, RATE_WINDOW_SECONDS, SUBMISSIONS_PER_IP } from '../functions/contracts/rate-limits.ts';
import { viewerAddressHeader } from '../functions/web/public/client-key.ts';
import { intakeCredentialHeaders } from '../functions/contracts/intake-credentials.ts';
import { originVerifyHeader } from './origin-verify.ts';
import type { StageSettings } from './stage.ts';


/** A custom hostname for the public edge: the only way CloudFront enforces TLS 1.2 towards viewers. */
export interface PublicDomain {
  readonly domainName: string;
  /** An ACM certificate for domainName; CloudFront accepts only certificates in us-east-1. */
  readonly certificateArn: string;
}

export interface PublicEdgeProps {
  /** `https://<id>.execute-api.<region>.amazonaws.com`: the HTTP API's default endpoint. */
  readonly apiEndpoint: string;
  /** The routes reachable through the edge: the public ones of the route table. */
  readonly publicRoutes: readonly Route[];
  /**
   * The value CloudFront sends to the API as the origin-verify header, so the public functions can refuse requests
   * that bypassed the edge (infra/origin-verify.ts): a dynamic reference, resolved by CloudFormation at deploy time.
   */
  readonly originVerifyValue: string;
  readonly key: kms.IKey;
  readonly settings: StageSettings;
  /** A CLOUDFRONT-scope WebACL managed elsewhere (us-east-1); required when the stack's region is not us-east-1. */
  readonly webAclArn?: string;
  readonly domain?: PublicDomain;
}

/** `/agencies/{agencyId}/links/{token}` -> `^/agencies/[^/]+/links/[^/]+$`, literal segments escaped. */
export function routePattern(path: string): string {
  const segments = path.split('/').map((segment) => (/^\{\w+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return `^${segments.join('/')}$`;
}

/**
 * What a rate rule answers instead of WAF's default 403: 429 with Retry-After, as the local gateway does, so a client
 * (or the intake page's user) is told to wait rather than that it is forbidden. WAF counts over the whole window.
 */
const tooManyRequests = {
  block: { customResponse: { responseCode: 429, responseHeaders: [{ name: 'retry-after', value: String(RATE_WINDOW_SECONDS) }] } },
};

/**
 * Source of the viewer-request CloudFront Function. It lets through only the public routes' method and path shapes
 * and answers everything else with 404 at the edge, so the distribution never becomes a second door to staff routes.
 * What it lets through carries the viewer's address in a header of its own, set here over any the viewer sent: the
 * origin request policy forwards viewer headers but not CloudFront's (CloudFront-Viewer-Address), and without Host.
 */
export function routeFilterCode(publicRoutes: readonly Route[]): string {
  const allowed = publicRoutes.map((route) => ({ method: route.method, pattern: routePattern(route.path) }));
  return [
    `var routes = ${JSON.stringify(allowed)}.map(function (r) { return { method: r.method, pattern: new RegExp(r.pattern) }; });`,
    'function handler(event) {',
    '  var request = event.request;',
    '  for (var i = 0; i < routes.length; i++) {',
    '    if (routes[i].method === request.method && routes[i].pattern.test(request.uri)) {',
    `      request.headers[${JSON.stringify(viewerAddressHeader)}] = { value: event.viewer.ip };`,
    '      return request;',
    '    }',
    '  }',
    "  return { statusCode: 404, statusDescription: 'Not Found' };",
    '}',
  ].join('\n');
}

/**
 * CLOUDFRONT-scope WebACLs exist only in us-east-1. The ACL is created in this stack when it deploys there, or when
 * the region is not known at synth (environment-agnostic synth; deploying such a template elsewhere fails loudly at
 * the WebACL, never silently without one). In any other region an ACL made in us-east-1 must be passed in.
 */
function createsOwnWebAcl(stack: Stack, webAclArn: string | undefined): boolean {
  if (webAclArn) return false;
  if (Token.isUnresolved(stack.region) || stack.region === 'us-east-1') return true;
  throw new Error(
    `${stack.stackName}: the public CloudFront distribution needs a CLOUDFRONT-scope WebACL, which exists only in us-east-1, `
    + `but the stack deploys to ${stack.region}. Deploy to us-east-1, or pass the ARN of a us-east-1 WebACL (-c publicWebAclArn=...).`,
  );
}

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

const managedGroup = (name: string, priority: number, countOnly: readonly string[] = []): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: {
    managedRuleGroupStatement: {
      vendorName: 'AWS',
      name,
      ...(countOnly.length > 0 ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
    },
  },
  visibilityConfig: visibility(name),
});

/**
 * The public face of the API: a CloudFront distribution with a WAF WebACL in front of the routes anyone may call.
 * Staff routes stay on the API's own endpoint, behind the JWT authorizer; the edge serves only the public routes.
 * CloudFront adds the origin-verify header to every request it forwards, and the public functions refuse requests
 * without it, so calling the API's endpoint directly is no way around the WAF (infra/origin-verify.ts).
 */
export class PublicEdge extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** Undefined when an externally managed WebACL is attached instead. */
  readonly webAcl: wafv2.CfnWebACL | undefined;
  readonly wafLogs: logs.LogGroup | undefined;
  /** Base URL for secure links and public form access, without a trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PublicEdgeProps) {
    super(scope, id);
    const stack = Stack.of(this);

    let webAclArn = props.webAclArn;
    if (createsOwnWebAcl(stack, props.webAclArn)) {
      const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
        scope: 'CLOUDFRONT',
        description: 'caseforms public routes: per-IP rate limits and AWS managed protections',
        defaultAction: { allow: {} },
        visibilityConfig: visibility('caseforms-public'),
        rules: [
          {
            name: 'SubmissionsPerIp',
            priority: 0,
            action: tooManyRequests,
            statement: {
              rateBasedStatement: {
                limit: SUBMISSIONS_PER_IP,
                evaluationWindowSec: RATE_WINDOW_SECONDS,
                aggregateKeyType: 'IP',
                // POST is only ever a submission here: the route filter lets no other POST through.
                scopeDownStatement: {
                  byteMatchStatement: {
                    fieldToMatch: { method: {} },
                    positionalConstraint: 'EXACTLY',
                    searchString: 'POST',
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
              },
            },
            visibilityConfig: visibility('SubmissionsPerIp'),
          },
          {
            name: 'PublicRequestsPerIp',
            priority: 1,
            action: tooManyRequests,
            statement: { rateBasedStatement: { limit: PUBLIC_REQUESTS_PER_IP, evaluationWindowSec: RATE_WINDOW_SECONDS, aggregateKeyType: 'IP' } },
            visibilityConfig: visibility('PublicRequestsPerIp'),
          },
          // The common rule set blocks bodies over 8 KB; submissions may be up to 256 KB (functions/web/http/json-body.ts)
          // and the handler validates them against the form schema, so that one rule only counts.
          managedGroup('AWSManagedRulesCommonRuleSet', 2, ['SizeRestrictions_BODY']),
          managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 3),
        ],
      });

      // WAF insists on the aws-waf-logs- prefix. The URI path is redacted: a secure-link token is in it, and the token
      // is the credential (API access logs keep the route template for the same reason). So are the headers that
      // carry an agency's API key or a page token to the JSON submit API.
      const logGroupName = `aws-waf-logs-${stack.stackName}`;
      this.wafLogs = new logs.LogGroup(this, 'WafLogs', {
        logGroupName,
        retention: logs.RetentionDays.ONE_MONTH,
        encryptionKey: props.key,
        removalPolicy: props.settings.removalPolicy,
      });
      const logging = new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
        resourceArn: webAcl.attrArn,
        // WAF rejects the `:*` suffix that the log group's own Arn attribute carries.
        logDestinationConfigs: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        redactedFields: [{ uriPath: {} }, ...Object.values(intakeCredentialHeaders).map((name) => ({ singleHeader: { Name: name } }))],
      });
      logging.node.addDependency(this.wafLogs);
      this.webAcl = webAcl;
      webAclArn = webAcl.attrArn;
    } else {
      this.webAcl = undefined;
      this.wafLogs = undefined;
    }

    const routeFilter = new cloudfront.Function(this, 'RouteFilter', {
      comment: 'Only the public routes of the route table pass; everything else is a 404 at the edge',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(routeFilterCode(props.publicRoutes)),
    });

    // The API's default endpoint as an origin host: `https://<host>` split on '/' puts the host third.
    const apiHost = Fn.select(2, Fn.split('/', props.apiEndpoint));
    const certificate = props.domain ? acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn) : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `${stack.stackName} public routes`,
      defaultBehavior: {
        origin: new origins.HttpOrigin(apiHost, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          // Overwrites a header of the same name sent by the viewer, so it cannot be forged through the edge either.
          customHeaders: { [originVerifyHeader]: props.originVerifyValue },
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // Every response is per request (a submission receipt, a one-off link): nothing may be cached at the edge.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // API Gateway routes by its own Host header, so the viewer's must not be forwarded.
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        // Includes Referrer-Policy, so a secure-link URL does not leak to other sites through the Referer header.
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        functionAssociations: [{ function: routeFilter, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      ...(webAclArn ? { webAclId: webAclArn } : {}),
      ...(props.domain && certificate
        ? { domainNames: [props.domain.domainName], certificate, minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });

    this.url = `https://${props.domain?.domainName ?? this.distribution.distributionDomainName}`;
  }
}
