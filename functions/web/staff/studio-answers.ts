import type { FormBodyEvent } from '../http/form-body.ts';
import { htmlResponse } from '../http/page-responses.ts';
import type { HttpResponse } from '../http/responses.ts';
import { redirect, staffPageMessage, type StaffPageEvent } from './staff-page-handler.ts';
import { isPackVersion, refusedStudioPost, revisionOf } from './studio-request.ts';
import { readPackUpload, refusedPackJson, UPLOAD_LIMIT_KB } from './studio-upload-request.ts';
import type { MultipartBodyEvent } from '../http/multipart-body.ts';
import { renderStudioPage, publicFormIds } from '../staff-pages/studio-page.ts';
import { renderConflictPage, renderEditorPage, renderRefusedPage } from '../staff-pages/studio-editor-page.ts';
import { renderDiffPage } from '../staff-pages/studio-diff-page.ts';
import { agencyClock } from '../staff-pages/local-time.ts';
import { editorHref, studioHref } from '../staff-pages/studio-problems.ts';
import type { FormCatalog } from '../../domain/forms/catalog.ts';
import type { LintProblem } from '../../domain/forms/lint-pack.ts';
import { isPackPath, packVersion, type PackFiles } from '../../domain/forms/pack-files.ts';
import { diffPacks } from '../../domain/studio/pack-diff.ts';
import type { PackStore } from '../../domain/studio/pack-store.ts';
import { publishDraft, rollBack, type PackCheck, type Publishing } from '../../domain/studio/publishing.ts';
import { saveDraft, workspace, type DraftChange } from '../../domain/studio/studio-draft.ts';
import { packJsonText, readPackJson } from '../../domain/studio/pack-json.ts';
import { logger } from '../../observability/logger.ts';

/** What the studio's pages work with (composition/studio.ts builds it). */
export interface StudioContext {
  readonly store: PackStore;
  readonly catalog: Pick<FormCatalog, 'agency' | 'refused'>;
  readonly repository: (agencyId: string) => PackFiles | undefined;
  readonly lint: (agencyId: string, files: PackFiles) => readonly LintProblem[];
  readonly check: PackCheck;
}

type StudioEvent = StaffPageEvent & FormBodyEvent & MultipartBodyEvent;

const notFound = (event: StudioEvent) => staffPageMessage(404, event.chrome, event.language.words('staff').t('notFound.title'), event.language.words('staff').t('notFound.page'));

/** GET /staff/{agencyId}/studio: the live version, the draft and its problems, the files, previews, the history. */
export async function studioHome(event: StudioEvent, context: StudioContext): Promise<HttpResponse> {
  const { staff, chrome } = event;
  const words = event.language.words('staffStudio');
  const { store, repository, lint, catalog } = context;
  const agencyId = staff.agencyId;
  const [current, history] = await Promise.all([workspace(store, agencyId, repository(agencyId)), store.history(agencyId)]);
  if (!current) return notFound(event);
  const query = event.queryStringParameters ?? {};
  const saved = revisionOf(query.saved);
  const notice = isPackVersion(query.published) ? words.t('published', { version: query.published })
    : isPackVersion(query.rolledBack) ? words.t('rolledBack', { version: query.rolledBack })
      : query.discarded === '1' ? words.t('discarded')
        : saved !== undefined ? words.t('saved', { revision: saved })
          : revisionOf(query.uploaded) !== undefined ? words.t('uploaded', { revision: revisionOf(query.uploaded)! }) : undefined;
  const agency = catalog.agency(agencyId)!;
  return htmlResponse(200, renderStudioPage({ ...chrome, staff }, {
    agencyId, timeZone: agency.timeZone, liveVersion: current.liveVersion, pointer: current.livePointer, draft: current.draft, files: current.files,
    changes: current.draft ? diffPacks(current.liveFiles, current.files) : undefined,
    problems: lint(agencyId, current.files), history, publicForms: publicFormIds(current.files), locales: agency.locales, notice,
    refused: catalog.refused().filter((refusal) => refusal.agencyId === agencyId), uploadLimitKb: UPLOAD_LIMIT_KB,
  }));
}

/** A new file starts as the smallest thing of its kind that the linter can say something useful about. */
function newFileText(path: string): string {
  if (path.startsWith('forms/')) {
    const id = path.slice('forms/'.length, -'.json'.length);
    return `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: id, type: 'object', properties: {}, 'x-caseforms': { access: 'staff' } }, null, 2)}\n`;
  }
  return '{}\n';
}

/** GET /staff/{agencyId}/studio/file?path=forms/intake.json: one file of the draft in the editor. */
export async function studioFile(event: StudioEvent, context: StudioContext): Promise<HttpResponse> {
  const { staff, chrome } = event;
  const words = event.language.words('staffStudio');
  const path = event.queryStringParameters?.path ?? '';
  if (!isPackPath(path)) return staffPageMessage(404, chrome, words.t('refused.title'), words.t('refused.badFile', { file: path }));
  const current = await workspace(context.store, staff.agencyId, context.repository(staff.agencyId));
  if (!current) return notFound(event);
  const text = current.files.get(path);
  const saved = revisionOf(event.queryStringParameters?.saved);
  return htmlResponse(200, renderEditorPage({ ...chrome, staff }, {
    agencyId: staff.agencyId, path, text: text ?? newFileText(path), revision: current.revision, exists: text !== undefined,
    problems: context.lint(staff.agencyId, current.files).filter((problem) => problem.file === path),
    ...(saved === undefined ? {} : { notice: words.t('saved', { revision: saved }) }),
  }));
}

/**
 * POST /staff/{agencyId}/studio/draft: save a file to the draft, remove one, or discard the draft. Each names the
 * revision the admin started from: a save on top of someone else's is a conflict, and their text is kept on the page.
 */
export async function studioDraftPost(event: StudioEvent, context: StudioContext): Promise<HttpResponse> {
  const { staff, chrome } = event;
  const words = event.language.words('staffStudio');
  const refused = refusedStudioPost(event, chrome);
  if (refused) return refused;
  const { store, repository, catalog } = context;
  const agencyId = staff.agencyId;
  const form = event.formBody.params;
  const revision = revisionOf(form.get('revision') ?? undefined);
  const action = form.get('action');
  if (revision === undefined) return staffPageMessage(400, chrome, words.t('refused.title'), words.t('refused.notForm'));
  const logIds = { agencyId, actor: staff.subject, requestId: event.requestContext.requestId };

  if (action === 'discard') {
    const outcome = await store.discardDraft(agencyId, revision);
    logger.info('pack draft discarded', { ...logIds, outcome });
    return outcome === 'discarded' ? redirect(`${studioHref(agencyId)}?discarded=1`) : htmlResponse(409, renderConflictPage({ ...chrome, staff }, agencyId, undefined, undefined));
  }
  const path = form.get('path') ?? '';
  // Browsers send a text area's line breaks as CRLF; the pack keeps the repository's LF.
  const change: DraftChange | undefined = action === 'save' ? { kind: 'write', path, text: (form.get('text') ?? '').replace(/\r\n?/g, '\n') }
    : action === 'remove' ? { kind: 'remove', path } : undefined;
  if (!change) return staffPageMessage(400, chrome, words.t('refused.title'), words.t('refused.notForm'));
  const result = await saveDraft(store, agencyId, repository(agencyId), { change, expectedRevision: revision, by: staff.email ?? staff.subject, at: new Date() });
  logger.info('pack draft saved', { ...logIds, outcome: result.outcome, ...(result.outcome === 'saved' ? { revision: result.draft.revision } : {}) });
  switch (result.outcome) {
    case 'saved':
      return redirect(change.kind === 'write' ? `${editorHref(agencyId, path)}&saved=${result.draft.revision}` : `${studioHref(agencyId)}?saved=${result.draft.revision}`);
    case 'not-a-pack-file':
      return staffPageMessage(422, chrome, words.t('refused.title'), words.t('refused.badFile', { file: path }));
    case 'conflict': {
      const timeZone = catalog.agency(agencyId)?.timeZone ?? 'UTC';
      const by = result.draft ? { who: result.draft.by, when: agencyClock(result.draft.at, timeZone) } : undefined;
      return htmlResponse(409, renderConflictPage({ ...chrome, staff }, agencyId, by, change.kind === 'write' ? change.text : undefined));
    }
  }
}

/**
 * POST /staff/{agencyId}/studio/publish: make the draft live (`action=publish`, with the revision reviewed), or an
 * earlier version again (`action=rollback`, with its version). Refused with every problem when the linter finds
 * errors; recorded in the pack's history with who and when.
 */
export async function studioPublishPost(event: StudioEvent, context: StudioContext): Promise<HttpResponse> {
  const { staff, chrome } = event;
  const words = event.language.words('staffStudio');
  const refused = refusedStudioPost(event, chrome);
  if (refused) return refused;
  const { store, repository, check } = context;
  const agencyId = staff.agencyId;
  const form = event.formBody.params;
  const action = form.get('action');
  const who = { by: staff.email ?? staff.subject, at: new Date() };
  let result: Publishing;
  if (action === 'publish') {
    const revision = revisionOf(form.get('revision') ?? undefined);
    if (revision === undefined) return staffPageMessage(400, chrome, words.t('refused.title'), words.t('refused.notForm'));
    result = await publishDraft(store, check, agencyId, repository(agencyId), { ...who, revision });
  } else if (action === 'rollback') {
    const version = form.get('version');
    if (!isPackVersion(version)) return staffPageMessage(404, chrome, words.t('refused.title'), words.t('refused.unknownVersion'));
    result = await rollBack(store, check, agencyId, repository(agencyId), { ...who, version });
  } else {
    return staffPageMessage(400, chrome, words.t('refused.title'), words.t('refused.notForm'));
  }
  // The audit line: who changed what clients and staff are served, and to which version (the history item holds it too).
  logger.info('pack publish', {
    agencyId, action, outcome: result.outcome, actor: staff.subject, requestId: event.requestContext.requestId,
    ...(result.outcome === 'live' ? { version: result.version, previous: result.previous } : {}),
  });
  switch (result.outcome) {
    case 'live':
      return redirect(`${studioHref(agencyId)}?${action === 'publish' ? 'published' : 'rolledBack'}=${result.version}`);
    case 'refused':
      return htmlResponse(422, renderRefusedPage({ ...chrome, staff }, agencyId, result.problems as LintProblem[]));
    case 'conflict':
      return htmlResponse(409, renderConflictPage({ ...chrome, staff }, agencyId, undefined, undefined));
    case 'unknown-version':
      return staffPageMessage(404, chrome, words.t('refused.title'), words.t('refused.unknownVersion'));
  }
}

/** GET /staff/{agencyId}/studio/diff?from=<version|draft>&to=<version|draft>: what changed between two versions. */
export async function studioDiff(event: StudioEvent, context: StudioContext): Promise<HttpResponse> {
  const { staff, chrome } = event;
  const words = event.language.words('staffStudio');
  const { store, repository } = context;
  const agencyId = staff.agencyId;
  const current = await workspace(store, agencyId, repository(agencyId));
  const pack = async (name: string | undefined): Promise<PackFiles | undefined> => {
    if (name === 'draft') return current?.draft ? current.files : undefined;
    if (!isPackVersion(name)) return undefined;
    const own = repository(agencyId);
    return (await store.readPack(agencyId, name)) ?? (own && packVersion(own) === name ? own : undefined);
  };
  const { from, to } = event.queryStringParameters ?? {};
  const [before, after] = await Promise.all([pack(from), pack(to)]);
  if (!before || !after) return staffPageMessage(404, chrome, words.t('refused.title'), words.t('refused.unknownVersion'));
  const name = (version: string) => (version === 'draft' ? words.t('diff.draft') : version === current?.liveVersion ? `${version} ${words.t('current')}` : version);
  return htmlResponse(200, renderDiffPage({ ...chrome, staff }, agencyId, { from: name(from!), to: name(to!) }, diffPacks(before, after)));
}

/** The pack as a download: the file the studio's upload and `npm run pack -- unpack` take back. */
function packDownload(agencyId: string, files: PackFiles): HttpResponse {
  return {
    statusCode: 200,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${agencyId}-pack-${packVersion(files)}.json"`,
      'Cache-Control': 'no-store',
    },
    body: packJsonText(agencyId, files),
  };
}

/** GET /staff/{agencyId}/studio/pack?version=<version|draft|live>: the whole pack as one JSON file, to download. */
export async function studioPackDownload(event: StudioEvent, context: StudioContext): Promise<HttpResponse> {
  const { staff, chrome } = event;
  const words = event.language.words('staffStudio');
  const { store, repository } = context;
  const agencyId = staff.agencyId;
  const own = repository(agencyId);
  const name = event.queryStringParameters?.version;
  const pack = async (): Promise<PackFiles | undefined> => {
    if (name === 'draft' || name === 'live') {
      const current = await workspace(store, agencyId, own);
      return name === 'live' ? current?.liveFiles : current?.draft ? current.files : undefined;
    }
    if (!isPackVersion(name)) return undefined;
    return (await store.readPack(agencyId, name)) ?? (own && packVersion(own) === name ? own : undefined);
  };
  const files = await pack();
  if (!files) return staffPageMessage(404, chrome, words.t('refused.title'), words.t('refused.unknownVersion'));
  return packDownload(agencyId, files);
}

/**
 * POST /staff/{agencyId}/studio/upload: a whole pack file (as downloaded, or made by `npm run pack -- bundle`) replaces
 * the draft's files, on top of the revision the page was opened at, as a file save does. Nothing goes live here.
 */
export async function studioUpload(event: StudioEvent, context: StudioContext): Promise<HttpResponse> {
  const { staff, chrome } = event;
  const words = event.language.words('staffStudio');
  const agencyId = staff.agencyId;
  const upload = await readPackUpload(event, chrome);
  if (upload.refused) return upload.refused;
  const pack = readPackJson(upload.text, agencyId);
  if (pack.refusal) return refusedPackJson(chrome, pack);
  const { store, repository } = context;
  const change = { kind: 'replace', files: pack.files } as const;
  const result = await saveDraft(store, agencyId, repository(agencyId), { change, expectedRevision: upload.revision, by: staff.email ?? staff.subject, at: new Date() });
  // Counts and outcome only: the files are the agency's words, not for the logs.
  logger.info('pack uploaded to draft', { agencyId, actor: staff.subject, requestId: event.requestContext.requestId, outcome: result.outcome, files: pack.files.size });
  switch (result.outcome) {
    case 'saved':
      return redirect(`${studioHref(agencyId)}?uploaded=${result.draft.revision}`);
    case 'not-a-pack-file':
      return refusedPackJson(chrome, { refusal: 'not-pack-files', paths: result.paths });
    case 'conflict':
      return staffPageMessage(409, chrome, words.t('conflict.title'), words.t('upload.conflict'));
  }
}
