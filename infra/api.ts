import { HttpApi, HttpMethod, HttpNoneAuthorizer, type HttpStage, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { Route, RouteAccess } from '../functions/routes.ts';

export interface CaseformsApiProps {
  readonly apiName: string;
  readonly routes: readonly Route[];
  readonly functionFor: (route: Route) => lambda.IFunction;
  /** Checks the staff token on every route whose access is 'staff' (the JWT authorizer of infra/auth.ts). */
  readonly staffAuthorizer: IHttpRouteAuthorizer;
}

/**
 * The HTTP API: one API Gateway route per entry of the route table. Staff routes get the staff authorizer, so a
 * request without a valid token never reaches the function; public routes get none.
 */
export class CaseformsApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, { apiName, routes, functionFor, staffAuthorizer }: CaseformsApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', { apiName, createDefaultStage: false });
    // The public routes are unauthenticated; a stage throttle caps what one abusive client can cost before AWS's account limit would.
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
    });

    // Public routes say "no authorizer" explicitly, so a default authorizer added to the API later cannot lock them.
    const publicAuthorizer = new HttpNoneAuthorizer();
    const authorizers: Record<RouteAccess, IHttpRouteAuthorizer> = { public: publicAuthorizer, staff: staffAuthorizer };
    for (const route of routes) {
      // Fail closed: a route whose access is neither (a typo that slipped past the types) must not deploy open.
      if (!Object.hasOwn(authorizers, route.access)) throw new Error(`Route ${route.method} ${route.path}: unknown access ${JSON.stringify(route.access)}`);
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.method}${route.path}`, functionFor(route)),
        authorizer: authorizers[route.access],
      });
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
