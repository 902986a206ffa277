import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transition } from './case-states.ts';
import type { Agency } from './agency.ts';
import type { Translations } from './translations.ts';
import { packFolder, readPackDir, type PackFiles } from './pack-files.ts';
import { compileScoring, type Scorer, type ScoringAnnotation } from './scoring.ts';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { precompiledOrCompiled, precompiledValidator } from './precompiled.ts';
import { CASEFORMS_KEYWORD, compileValidator, createAjv, toSchemaValidator, type SchemaValidator } from './validator.ts';
import { authorValidator, authorValidatorOf } from './author-errors.ts';
import { unsafePatterns } from './pattern-safety.ts';
import { isPlainCaseId, isPlainId } from '../../contracts/ids.ts';
import type { Role } from '../../contracts/roles.ts';
import { declaredRoles } from './form-roles.ts';
import { declaredIdentity, type IdentityPointers } from './identity.ts';
import { logger } from '../../observability/logger.ts';
import { repeatedKeyIds, repeatedKeysMessage } from '../intake-access/api-keys.ts';
import { parseStaffList, type StaffEntry } from './staff-list.ts';

/**
 * Who may submit a form: public (anyone, anonymously: it opens a case), staff (signed-in staff, against a case), or
 * both (a questionnaire a client may send in, which staff also record on an existing case, such as a scored
 * instrument re-administered at each review, so its trend builds up on the case).
 */
export type FormAccess = 'public' | 'staff' | 'both';

export const isPublicForm = (form: Pick<Form, 'access'>): boolean => form.access !== 'staff';
export const isStaffForm = (form: Pick<Form, 'access'>): boolean => form.access !== 'public';

export interface Form {
  readonly agencyId: string;
  readonly formId: string;
  readonly title: string;
  readonly access: FormAccess;
  /** Content hash of the schema file: the form version a submission records, and the HTTP ETag. */
  readonly version: string;
  /** The schema file's text, byte for byte: what is published under the version. */
  readonly source: string;
  readonly schema: Readonly<Record<string, unknown>>;
  readonly validate: SchemaValidator;
  /** Scores and risk flags the form's `scoring` annotation declares (none for most forms). */
  readonly score: Scorer;
  /** Documents a submission produces, by template name. */
  readonly documents: readonly string[];
  /** Staff forms: the lifecycle moves submitting it makes (none: it records without moving the case). */
  readonly transitions: readonly Transition[];
  /** JSON Pointer of the date field that sets the case's next review (`x-caseforms.reviewDue`). */
  readonly reviewDue: string | undefined;
  /** Forms that end services: the pointer of the effective date the minimum notice period applies to. */
  readonly noticePeriod: { readonly effectiveDate: string } | undefined;
  /** Consent forms: the pointer of the provider ids the client consents to release information to. */
  readonly releaseOfInformation: string | undefined;
  /** Forms that complete a termination: the notice whose delivery to the client they need, or another channel. */
  readonly completesNotice: CompletesNotice | undefined;
  /** Forms that record how a termination notice reached the client when the email did not (termination-pending only). */
  readonly noticeServed: NoticeServed | undefined;
  /** Legal-hold forms: the pointer of the boolean that places (true) or lifts (false) the hold. */
  readonly legalHold: string | undefined;
  /**
   * Staff forms: the roles the form itself allows to submit it (`x-caseforms.roles`); undefined when it names none and
   * the default for its kind applies (form-roles.ts staffFormRoles decides).
   */
  readonly roles: readonly Role[] | undefined;
  /** Where the client's identity facts are in a submission (`x-caseforms.identity`), copied to the case at intake. */
  readonly identity: IdentityPointers | undefined;
}

export interface CompletesNotice {
  readonly document: string;
  /** Pointer of the answer that records another channel (an object holding `servedOn` and the channel). */
  readonly otherChannel: string;
  /** Pointer of the date services ended. */
  readonly completedOn: string;
  /** Pointer of the date the other channel served the notice. */
  readonly servedOn: string;
}

export interface NoticeServed {
  /** Pointer of the date the notice reached the client. */
  readonly servedOn: string;
  /** Pointer of how it reached them (letter, in person, …). */
  readonly channel: string;
}

export interface AgencyPack {
  readonly agency: Agency;
  readonly forms: ReadonlyMap<string, Form>;
  /** locales/<locale>.json of the pack, by locale. */
  readonly translations: ReadonlyMap<string, Translations>;
  /** staff.json of the pack: who cases may be assigned to (empty without the file). */
  readonly staff: readonly StaffEntry[];
}

export interface FormCatalog {
  agency(agencyId: string): Agency | undefined;
  form(agencyId: string, formId: string): Form | undefined;
  agencies(): readonly AgencyPack[];
  pack(agencyId: string): AgencyPack | undefined;
  translations(agencyId: string, locale: string): Translations | undefined;
  /** Every pack and form that failed to load, in the order met: what /health and the start banner report. */
  refused(): readonly Refusal[];
  /** The refusal of one form of a loaded agency: the form exists but is unavailable (503), not unknown (404). */
  refusedForm(agencyId: string, formId: string): Refusal | undefined;
}

/** A pack (no formId: agency.json or locales/ is broken, so the whole agency is out) or one form that did not load. */
export interface Refusal {
  readonly agencyId: string;
  readonly formId?: string;
  readonly file: string;
  /** What is wrong, in the words of the check that failed; names files and pointers, never submitted data. */
  readonly reason: string;
  /**
   * Who the broken form was for, when its file still says so (undefined when it is not even JSON): a refused staff
   * form stays a 404 on the public routes, which reveal nothing about staff forms.
   */
  readonly access?: FormAccess;
}

/** Something wrong in one agency's pack: with a formId, in that form only, which alone is refused; else the whole pack. */
export class PackError extends Error {
  constructor(readonly file: string, readonly reason: string, readonly formId?: string) {
    super(`${file}: ${reason}`);
  }
}

/** A refused form might be a public one: its access is public or both, or unknown because the file did not parse. */
export const mayBePublic = (refusal: Refusal): boolean => refusal.access !== 'staff';
/** A refused form might be a staff one (see mayBePublic). */
export const mayBeStaff = (refusal: Refusal): boolean => refusal.access !== 'public';

/**
 * The staff form a case's request names (`…/cases/{caseId}/forms/{formId}`): the form; 'unavailable' for what may be
 * a staff form of the agency that did not load (its pack has a mistake in it); undefined for anything else (an id
 * that is not plain, no such form, a public form).
 */
export function staffFormFor(catalog: Pick<FormCatalog, 'form' | 'refusedForm'>, agencyId: string, caseId: string | undefined, formId: string | undefined): Form | 'unavailable' | undefined {
  const form = isPlainId(formId) ? catalog.form(agencyId, formId) : undefined;
  const refused = !form && isPlainId(formId) ? catalog.refusedForm(agencyId, formId) : undefined;
  if (isPlainCaseId(caseId) && refused && mayBeStaff(refused)) return 'unavailable';
  return isPlainCaseId(caseId) && form && isStaffForm(form) ? form : undefined;
}

/**
 * Reads every agency folder under `formsDir`. A broken form is reported through `onPackError` and left out of its
 * pack, whose other forms keep working; a broken agency.json or locales/ refuses the whole pack (its forms cannot be
 * served without the agency's settings). Either way the other agencies keep working, and `refused()` lists what is
 * out. Without `onPackError` the first refusal throws: synth and lint stop on any broken file.
 */
export function loadCatalog(formsDir: string, onPackError: (error: PackError, refusal: Refusal) => void = (e) => { throw e; }): FormCatalog {
  const validateAgency = agencyValidator(formsDir);
  const loaded: LoadedPack[] = [];
  for (const entry of readdirSync(formsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(formsDir, entry.name);
    loaded.push(loadPack(entry.name, readPackDir(dir), { origin: dir, validateAgency, onPackError }));
  }
  return catalogOf(loaded);
}

/** agency.json's validator: precompiled at build time when the schema is the one that was precompiled. */
export function agencyValidator(formsDir: string): SchemaValidator {
  const agencySchemaFile = join(formsDir, 'agency.schema.json');
  const agencySchemaText = readFileSync(agencySchemaFile, 'utf8');
  const precompiledAgency = precompiledValidator(formVersion(agencySchemaText));
  // agency.json is written by agency staff: its problems are logged in ajv's precise words, not a client's.
  return precompiledAgency ? authorValidatorOf(precompiledAgency) : authorValidator(createAjv(), parseJson(agencySchemaFile, agencySchemaText));
}

/** One agency's pack as loaded: the pack (unless agency.json or locales/ refused all of it) and what was refused. */
export interface LoadedPack {
  readonly agencyId: string;
  readonly pack?: AgencyPack;
  readonly refusals: readonly Refusal[];
}

export interface PackLoading {
  /** Where the files came from, joined to each file's path in refusals: a folder, or a published version's name. */
  readonly origin: string;
  readonly validateAgency: SchemaValidator;
  readonly onPackError: (error: PackError, refusal: Refusal) => void;
  /**
   * Forms compiled before, by agency/form/version: a form's version is the hash of its text, so a pack published
   * again with one form changed compiles only that form.
   */
  readonly compiled?: Map<string, Form>;
}

/** One agency's pack from its files: the repository's folder, a studio draft or a published version. */
export function loadPack(agencyId: string, files: PackFiles, loading: PackLoading): LoadedPack {
  const refusals: Refusal[] = [];
  const refuse = (error: PackError, access?: FormAccess) => {
    const refusal: Refusal = { agencyId, formId: error.formId, file: error.file, reason: error.reason, ...(access ? { access } : {}) };
    refusals.push(refusal);
    loading.onPackError(error, refusal);
  };
  try {
    return { agencyId, pack: packFromFiles(agencyId, files, loading, refuse), refusals };
  } catch (caught) {
    // A form's refusal that onPackError chose to throw (synth, lint) stops the load as it is.
    if (caught instanceof PackError && caught.formId !== undefined) throw caught;
    refuse(caught instanceof PackError ? caught : new PackError(join(loading.origin), String(caught)));
    return { agencyId, refusals };
  }
}

/** The catalog of loaded packs: the agencies that loaded, and every refusal in the order met. */
export function catalogOf(loaded: readonly LoadedPack[]): FormCatalog {
  const packs = new Map(loaded.filter((entry) => entry.pack).map((entry) => [entry.agencyId, entry.pack!]));
  const refusals = loaded.flatMap((entry) => entry.refusals);
  const formRefusals = new Map(refusals.filter((r) => r.formId !== undefined && packs.has(r.agencyId)).map((r) => [`${r.agencyId}/${r.formId}`, r]));
  return {
    agency: (agencyId) => packs.get(agencyId)?.agency,
    form: (agencyId, formId) => packs.get(agencyId)?.forms.get(formId),
    agencies: () => [...packs.values()],
    pack: (agencyId) => packs.get(agencyId),
    translations: (agencyId, locale) => packs.get(agencyId)?.translations.get(locale),
    refused: () => refusals,
    refusedForm: (agencyId, formId) => formRefusals.get(`${agencyId}/${formId}`),
  };
}

function packFromFiles(folder: string, files: PackFiles, loading: PackLoading, refuseForm: (error: PackError, access: FormAccess | undefined) => void): AgencyPack {
  const at = (path: string) => join(loading.origin, path);
  const agencyFile = at('agency.json');
  const agencyText = files.get('agency.json');
  if (agencyText === undefined) throw new PackError(agencyFile, 'missing agency.json');
  const agency = parseJson(agencyFile, agencyText);
  const check = loading.validateAgency(agency);
  if (!check.valid) throw new PackError(agencyFile, check.errors.map((e) => `${e.pointer}: ${e.message}`).join('; '));
  if (agency.id !== folder) throw new PackError(agencyFile, `/id: must equal the folder name "${folder}"`);
  const unknownProviders = unknownRouteProviders(agency as unknown as Agency);
  if (unknownProviders.length > 0) throw new PackError(agencyFile, `/delivery/routes: no provider with id ${unknownProviders.join(', ')} in /providers`);
  const repeatedKeys = repeatedKeyIds((agency as unknown as Agency).intake?.apiKeys ?? []);
  if (repeatedKeys.length > 0) throw new PackError(agencyFile, `/intake/apiKeys: ${repeatedKeysMessage(repeatedKeys)}`);

  // One Ajv per pack: forms of one agency may share nothing with another's by accident. Made only for a schema
  // not precompiled at build time: creating one compiles meta-schemas, tens of milliseconds of a cold start.
  let packAjv: Ajv2020 | undefined;
  const ajv = () => (packAjv ??= createAjv());
  const forms = new Map<string, Form>();
  for (const [formId, text] of packFolder(files, 'forms')) {
    const path = at(`forms/${formId}.json`);
    try {
      if (!isPlainId(formId)) throw new PackError(path, 'file name must be a plain id (a-z, 0-9, -)', formId);
      forms.set(formId, loadForm(ajv, path, folder, formId, text, loading.compiled));
    } catch (error) {
      // One form's mistake refuses that form only: the agency's other forms do not depend on it.
      refuseForm(error instanceof PackError ? new PackError(error.file, error.reason, formId) : new PackError(path, String(error), formId), declaredAccess(text));
    }
  }
  const translations = new Map<string, Translations>();
  for (const [locale, text] of packFolder(files, 'locales')) translations.set(locale, parseJson(at(`locales/${locale}.json`), text) as Translations);
  return { agency: agency as unknown as Agency, forms, translations, staff: staffListOf(files, at('staff.json')) };
}

/** The pack's staff list; a broken one refuses the pack as a broken agency.json does (lint:forms names the mistake). */
function staffListOf(files: PackFiles, path: string): readonly StaffEntry[] {
  const text = files.get('staff.json');
  if (text === undefined) return [];
  const parsed = parseStaffList(parseJson(path, text));
  if ('problem' in parsed) throw new PackError(path, parsed.problem);
  return parsed.staff;
}

/** What a form file says about its access, read as leniently as possible: undefined when it says nothing readable. */
function declaredAccess(text: string): FormAccess | undefined {
  try {
    const schema: unknown = JSON.parse(text);
    if (typeof schema !== 'object' || schema === null) return undefined;
    const access = ((schema as Record<string, unknown>)[CASEFORMS_KEYWORD] as { access?: unknown } | undefined)?.access ?? 'staff';
    return access === 'public' || access === 'staff' || access === 'both' ? access : undefined;
  } catch {
    return undefined;
  }
}

function unknownRouteProviders(agency: Agency): string[] {
  const known = new Set((agency.providers ?? []).map((provider) => provider.id));
  return Object.values(agency.delivery?.routes ?? {}).flat()
    .map((route) => route.to).filter((to) => to.startsWith('provider:')).map((to) => to.slice('provider:'.length)).filter((id) => !known.has(id));
}

function loadForm(ajv: () => Ajv2020, path: string, agencyId: string, formId: string, text: string, compiled: Map<string, Form> | undefined): Form {
  const key = `${agencyId}/${formId}/${formVersion(text)}`;
  const known = compiled?.get(key);
  if (known) return known;
  if (!precompiledValidator(formVersion(text))) logger.warn('form schema not precompiled: compiling it at runtime', { agencyId, formId, file: path });
  const form = compileForm(ajv, agencyId, formId, text, path);
  compiled?.set(key, form);
  return form;
}

/**
 * A form from its schema text: the current file, or a version published earlier (see form-versions.ts).
 * `origin` names where the text came from in error messages.
 */
export function compileForm(ajv: () => Ajv2020, agencyId: string, formId: string, text: string, origin: string): Form {
  const path = origin;
  const schema = parseJson(path, text);
  const annotations = (schema[CASEFORMS_KEYWORD] ?? {}) as { access?: unknown; documents?: string[]; transitions?: Transition[]; reviewDue?: string; noticePeriod?: { effectiveDate: string }; scoring?: ScoringAnnotation;
    releaseOfInformation?: string; completesNotice?: CompletesNotice; noticeServed?: NoticeServed; legalHold?: string; roles?: unknown; identity?: unknown;
  };
  const access = annotations.access ?? 'staff';
  if (access !== 'public' && access !== 'staff' && access !== 'both') throw new PackError(path, `/${CASEFORMS_KEYWORD}/access: must be "public", "staff" or "both"`);
  // A pattern that can backtrack exponentially would let one answer hang the function: such a form is never served.
  const unsafe = unsafePatterns(schema);
  if (unsafe.length > 0) throw new PackError(path, unsafe.map((problem) => `${problem.pointer}: ${problem.message}`).join('; '));
  // Roles that do not parse refuse the form rather than fall back to a default: the pack meant to restrict it.
  const roles = declaredRoles(access, annotations.roles);
  if ('problem' in roles) throw new PackError(path, `/${CASEFORMS_KEYWORD}/roles: ${roles.problem}`);
  // An identity map that does not fit the form refuses it: a case shown under a wrong or missing name misleads staff.
  const identity = declaredIdentity(schema, annotations.identity, access);
  if ('problems' in identity) throw new PackError(path, identity.problems.map((problem) => `/${CASEFORMS_KEYWORD}/identity${problem.at}: ${problem.message}`).join('; '));
  let validate: SchemaValidator;
  let score: Scorer;
  try {
    const precompiled = precompiledValidator(formVersion(text));
    validate = precompiled ? toSchemaValidator(precompiled) : compileValidator(ajv(), schema);
    score = compileScoring(precompiledOrCompiled(ajv), annotations.scoring);
  } catch (error) {
    throw new PackError(path, `invalid schema: ${(error as Error).message}`);
  }
  return {
    agencyId,
    formId,
    title: typeof schema.title === 'string' ? schema.title : formId,
    access,
    version: formVersion(text),
    source: text,
    schema,
    validate,
    score,
    documents: annotations.documents ?? [],
    transitions: annotations.transitions ?? [],
    reviewDue: annotations.reviewDue,
    noticePeriod: annotations.noticePeriod,
    releaseOfInformation: annotations.releaseOfInformation,
    completesNotice: annotations.completesNotice,
    noticeServed: annotations.noticeServed,
    legalHold: annotations.legalHold,
    roles: roles.roles,
    identity: identity.identity,
  };
}

export function formVersion(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function parseJson(path: string, text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new PackError(path, (error as Error).message);
  }
}
