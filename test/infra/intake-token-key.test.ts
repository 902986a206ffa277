import { describe, expect, it } from 'vitest';
import { routes, workers } from '../../functions/contracts/routes.ts';
import { intakeTokenKeyVariable } from '../../functions/contracts/intake-credentials.ts';
import { dataKey, resources, stackSynthesizer, stageProps, type Resource } from '../support/cdk-template.ts';

const synthesize = stackSynthesizer('intake-token-key');
const handlers = [...new Set([...routes.map((route) => route.handler), ...Object.values(workers)])];
const signers = ['intake-page', 'submit'];

describe.each([['dev', synthesize('dev', stageProps('dev'))], ['prod', synthesize('prod', stageProps('prod'))]] as const)('the page-token key in %s', (_, template) => {
  const secrets = resources(template, 'AWS::SecretsManager::Secret').filter(([id]) => id.startsWith('IntakeTokenKey'));
  const envOf = (handler: string): Record<string, unknown> => {
    const found = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Description: `caseforms ${handler}` } })) as Resource[];
    expect(found, handler).toHaveLength(1);
    return found[0]!.Properties.Environment?.Variables ?? {};
  };

  it('is one secret Secrets Manager generates, encrypted with the stack key, its value never in the template', () => {
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0]!;
    expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [dataKey(template)[0], 'Arn'] });
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false });
    expect(secret.Properties.SecretString).toBeUndefined();
    expect(template.toJSON().Resources[secretId].DeletionPolicy).toBe('Delete');
  });

  it.each(signers)('reaches %s by a dynamic reference CloudFormation resolves', (handler) => {
    expect(envOf(handler)[intakeTokenKeyVariable]).toEqual({ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secrets[0]![0] }, ':SecretString:::}}']] });
  });

  it.each(handlers.filter((handler) => !signers.includes(handler)))('is not given to %s', (handler) => {
    expect(envOf(handler)).not.toHaveProperty([intakeTokenKeyVariable]);
    expect(JSON.stringify(envOf(handler))).not.toContain(secrets[0]![0]);
  });

  it('is readable by no role: no Secrets Manager action, no statement naming the secret', () => {
    const statements = resources(template, 'AWS::IAM::Policy').flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as any[]);
    expect(statements.filter((s) => [s.Action].flat().some((action: string) => action.startsWith('secretsmanager:')))).toEqual([]);
    expect(JSON.stringify(statements)).not.toContain(`"${secrets[0]![0]}"`);
  });
});
