import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { DEFAULT_REMINDER_DAYS, SIGNER_INTENTS, SIGNER_ROLES, signaturePlanFor, type SignaturesDeclaration } from '../../functions/domain/signatures/signature-plan.ts';
import { projectRoot } from '../../local/stack.ts';

const locales = ['en', 'es', 'fr', 'ar'] as const;
const schema = JSON.parse(readFileSync(join(projectRoot, 'form-schemas', 'agency.schema.json'), 'utf8')) as {
  properties: { signatures: { properties: { documents: { additionalProperties: { properties: { signers: { items: { properties: { role: { enum: string[] }; intent: { enum: string[] } } } } } } } } } };
};
const signerSchema = schema.properties.signatures.properties.documents.additionalProperties.properties.signers.items.properties;

describe('the signature plan of a document type', () => {
  it('reads the demo agency as loaded: the care plan by the client then the case manager, the notice optionally acknowledged', () => {
    const demo = loadCatalog(join(projectRoot, 'form-schemas')).agency('demo')!;
    expect(signaturePlanFor(demo, 'care-plan')).toEqual({
      documentType: 'care-plan',
      reminderDays: 5,
      signers: [{ role: 'client', intent: 'agree', optional: false }, { role: 'case-manager', intent: 'agree', optional: false }],
    });
    expect(signaturePlanFor(demo, 'termination-notice')?.signers).toEqual([{ role: 'client', intent: 'acknowledge', optional: true }]);
    expect(signaturePlanFor(demo, 'discharge-summary')).toBeUndefined();
  });

  it('reads a second agency\'s own plan, with the reminder delay by default', () => {
    const harborLike: { signatures: SignaturesDeclaration } = {
      signatures: { documents: { 'service-agreement': { signers: [{ role: 'client', intent: 'agree' }, { role: 'supervisor', intent: 'agree', optional: false }] } } },
    };
    expect(signaturePlanFor(harborLike, 'service-agreement')).toEqual({
      documentType: 'service-agreement',
      reminderDays: DEFAULT_REMINDER_DAYS,
      signers: [{ role: 'client', intent: 'agree', optional: false }, { role: 'supervisor', intent: 'agree', optional: false }],
    });
    expect(signaturePlanFor(harborLike, 'constructor')).toBeUndefined();
    expect(signaturePlanFor({}, 'service-agreement')).toBeUndefined();
  });

  it('knows the roles and intents the agency schema allows, no more and no fewer', () => {
    expect(signerSchema.role.enum).toEqual(SIGNER_ROLES);
    expect(signerSchema.intent.enum).toEqual(SIGNER_INTENTS);
  });

  it.each(locales)('has the intent words in %s, each naming the document', (locale) => {
    const words = (JSON.parse(readFileSync(join(projectRoot, 'templates', 'default', 'locales', `${locale}.json`), 'utf8')) as { signing?: { intent?: Record<string, string> } }).signing?.intent;
    expect(Object.keys(words ?? {}).sort()).toEqual([...SIGNER_INTENTS].sort());
    for (const intent of SIGNER_INTENTS) expect(words![intent], `${locale} signing.intent.${intent}`).toContain('{document}');
    if (locale !== 'en') expect(words).not.toEqual((JSON.parse(readFileSync(join(projectRoot, 'templates', 'default', 'locales', 'en.json'), 'utf8')) as { signing: { intent: object } }).signing.intent);
  });
});
