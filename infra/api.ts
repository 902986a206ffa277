import { HttpApi, HttpMethod, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { Route } from '../functions/routes.ts';

export interface CaseformsApiProps {
  readonly apiName: string;
  readonly routes: readonly Route[];
  readonly functionFor: (route: Route) => lambda.IFunction;
}

/** The public HTTP API: one API Gateway route per entry of the route table. */
export class CaseformsApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, { apiName, routes, functionFor }: CaseformsApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', { apiName, createDefaultStage: false });
    // The routes are unauthenticated; a stage throttle caps what one abusive client can cost before AWS's account limit would.
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
    });

    for (const route of routes) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.method}${route.path}`, functionFor(route)),
      });
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
