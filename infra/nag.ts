import { Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, type NagPackProps } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * The cdk-nag packs caseforms must pass: AwsSolutions (AWS's general best practices) and HIPAA.Security (the HIPAA
 * Security Rule mapping; case data is health data). Runs both packs over everything under `scope` at synthesis. A finding without an acknowledgement in
 * infra/nag-suppressions.ts becomes an error annotation, which fails `cdk synth` and the nag test.
 * `reports: false` by default: the annotations are the record, and a CSV per pack in every test assembly is noise.
 */
export function addNagChecks(scope: IConstruct, props: NagPackProps = {}): void {
  const packProps: NagPackProps = { verbose: true, reports: false, ...props };
  Aspects.of(scope).add(new AwsSolutionsChecks(packProps));
  Aspects.of(scope).add(new HIPAASecurityChecks(packProps));
}
