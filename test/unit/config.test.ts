import { describe, expect, it } from 'vitest';
import { configVariables, readConfig } from '../../functions/contracts/config.ts';

/** The variables every function needs; the optional ones are added per test. */
const required = {
  [configVariables.tableName]: 'table',
  [configVariables.bucketName]: 'bucket',
  [configVariables.documentQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/000000000000/documents',
  [configVariables.formsDir]: '/var/task/form-schemas',
  [configVariables.templatesDir]: '/var/task/templates',
};

describe('readConfig: SES configuration sets', () => {
  it('reads the agency → configuration set map the stack sets as JSON', () => {
    const config = readConfig({ ...required, SES_CONFIGURATION_SETS: '{"demo":"caseforms-prod-demo","north-county":"caseforms-prod-north-county"}' });
    expect(config.sesConfigurationSets).toEqual({ demo: 'caseforms-prod-demo', 'north-county': 'caseforms-prod-north-county' });
  });

  it('leaves it undefined when unset or empty, as locally: mail then goes without a configuration set', () => {
    expect(readConfig(required).sesConfigurationSets).toBeUndefined();
    expect(readConfig({ ...required, SES_CONFIGURATION_SETS: '' }).sesConfigurationSets).toBeUndefined();
  });

  it('accepts an empty map: a stack with no agencies, whose every send is then refused', () => {
    expect(readConfig({ ...required, SES_CONFIGURATION_SETS: '{}' }).sesConfigurationSets).toEqual({});
  });

  it('fails config loading, naming the variable, on a value that is not JSON', () => {
    expect(() => readConfig({ ...required, SES_CONFIGURATION_SETS: 'caseforms-prod-demo' })).toThrow(/^SES_CONFIGURATION_SETS must be JSON/);
    expect(() => readConfig({ ...required, SES_CONFIGURATION_SETS: '{"demo":' })).toThrow(/^SES_CONFIGURATION_SETS must be JSON/);
  });

  it.each([['an array', '["caseforms-prod-demo"]'], ['a string', '"caseforms-prod-demo"'], ['null', 'null'], ['a number', '1']])(
    'fails config loading on JSON that is %s rather than an object',
    (_kind, value) => {
      expect(() => readConfig({ ...required, SES_CONFIGURATION_SETS: value })).toThrow(/^SES_CONFIGURATION_SETS must be a JSON object/);
    },
  );

  it('fails config loading when an agency\'s set is not a non-empty string, naming the agency', () => {
    expect(() => readConfig({ ...required, SES_CONFIGURATION_SETS: '{"demo":"ok","north":""}' })).toThrow('SES_CONFIGURATION_SETS: the value for north must be a non-empty string');
    expect(() => readConfig({ ...required, SES_CONFIGURATION_SETS: '{"demo":{"name":"x"},"north":3}' })).toThrow(/the value for demo, north must/);
  });

  it('no longer reads the single SES_CONFIGURATION_SET of earlier versions', () => {
    expect(Object.values(configVariables)).not.toContain('SES_CONFIGURATION_SET');
    expect(readConfig({ ...required, SES_CONFIGURATION_SET: 'old' }).sesConfigurationSets).toBeUndefined();
  });
});
