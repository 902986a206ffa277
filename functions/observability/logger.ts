import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger. Log ids (agency, form, case, submission, request), outcomes and error names: never field
 * values, names, addresses or message bodies — submissions are health and social-services data.
 */
export const logger = new Logger({ serviceName: 'caseforms' });
