import type { MiddlewareObj } from '@middy/core';
import type { FormCatalog } from '../../domain/forms/catalog.ts';
import { matchApiKey } from '../../domain/intake-access/api-keys.ts';
import { isUsableTokenKey, verifyPageToken } from '../../domain/intake-access/page-token.ts';
import { intakeCredentialHeaders, intakeTokenKeyVariable, readIntakeTokenKey } from '../../contracts/intake-credentials.ts';
import { logger } from '../../observability/logger.ts';
import { countOutcome } from '../../observability/metrics.ts';
import { Problem } from '../http/problem.ts';
import { phrase, type PhraseKey } from '../http/problem-phrases/index.ts';
import type { PublicFormEvent } from './public-form.ts';

export interface IntakeCredentialEvent extends PublicFormEvent {
  /** What let the request in when its agency asks for one: `page-token` or `api-key:<id>`; absent for an open API. */
  intakeCredential?: string;
}

type Refusal = 'credential-missing' | 'page-token-expired' | 'page-token-invalid' | 'api-key-unknown';
const phrases = {
  'credential-missing': 'intakeCredentialRequired',
  'page-token-expired': 'pageTokenExpired',
  'page-token-invalid': 'pageTokenInvalid',
  'api-key-unknown': 'apiKeyUnknown',
} as const satisfies Record<Refusal, PhraseKey>;

/**
 * For an agency whose pack sets `intake.jsonApi: "token"`: lets a JSON submission in only with a page token the form's
 * intake page issued (signed, for this form, unexpired) or one of the agency's API keys, and refuses it otherwise with
 * a 401 naming what is missing, before its body is read. Runs after publicForm (it needs the form's agency). An open
 * agency's requests pass untouched: one property read. The key is read once, on the first request that needs it.
 */
export function intakeCredentials(
  catalog: () => FormCatalog,
  readKey: () => string | undefined = () => readIntakeTokenKey(),
  now: () => Date = () => new Date(),
): MiddlewareObj<IntakeCredentialEvent> {
  let key: { readonly value: string | undefined } | undefined;
  const tokenKey = () => {
    if (!key) {
      key = { value: readKey() };
      // Page tokens then fail closed; API keys still work. A deploy mistake, said once per container.
      if (!isUsableTokenKey(key.value)) logger.error('page-token key missing or too short: page tokens are refused', { variable: intakeTokenKeyVariable });
    }
    return key.value;
  };
  return {
    before: (request) => {
      const { event } = request;
      const settings = catalog().agency(event.form.agencyId)?.intake;
      if (settings?.jsonApi !== 'token') return;
      const refuse = (reason: Refusal): never => {
        // The reason and the ids only: never the token or key presented.
        countOutcome('Submission', 'unauthorized', { ids: { agencyId: event.form.agencyId, formId: event.form.formId, requestId: event.requestContext.requestId, reason } });
        throw new Problem('unauthorized', phrase(phrases[reason]), [], { 'WWW-Authenticate': 'caseforms-page-token, caseforms-api-key' });
      };
      const apiKey = event.headers[intakeCredentialHeaders.apiKey];
      if (apiKey) {
        const id = matchApiKey(apiKey, settings.apiKeys ?? []);
        if (id === undefined) return refuse('api-key-unknown');
        event.intakeCredential = `api-key:${id}`;
        return;
      }
      const token = event.headers[intakeCredentialHeaders.pageToken];
      if (!token) return refuse('credential-missing');
      const secret = tokenKey();
      const check = isUsableTokenKey(secret) ? verifyPageToken(secret, token, event.form, now()) : 'invalid';
      if (check !== 'valid') return refuse(check === 'expired' ? 'page-token-expired' : 'page-token-invalid');
      event.intakeCredential = 'page-token';
    },
  };
}
