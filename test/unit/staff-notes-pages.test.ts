import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../functions/contracts/staff-claims.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import type { FollowUpBuckets } from '../../functions/domain/cases/follow-ups.ts';
import type { AssignmentResult } from '../../functions/domain/cases/assignment.ts';
import { notesOf } from '../../functions/domain/cases/note-view.ts';
import { caseNotesSection } from '../../functions/web/staff-pages/case-notes-section.ts';
import { renderAddendumFormPage, renderNoteFormPage } from '../../functions/web/staff-pages/note-form-page.ts';
import { renderFollowUpsPage } from '../../functions/web/staff-pages/follow-ups-page.ts';
import { renderExportsPage } from '../../functions/web/staff-pages/exports-page.ts';
import { renderAssignmentResults } from '../../functions/web/staff-pages/assignment-results-page.ts';
import { noteTimelineText } from '../../functions/web/staff-pages/contact-types.ts';
import { staffDocument } from '../../functions/web/staff-pages/staff-layout.ts';
import { addendumPageErrors, notePageErrors } from '../../functions/web/staff/note-page-post.ts';
import { ENGLISH, staffLanguage, type StaffLanguage } from '../../functions/web/staff-pages/staff-words.ts';

// Issue 20 part 8 for the notes form, the case's notes, "My follow-ups", exports and assignment results: every word
// in the reader's language (demo: es and ar; Harbor: fr), English still where the reader reads English.
const templates = new TemplateLibrary('templates');
const demo = (locale: string) => staffLanguage(templates, 'demo', locale);
const harborFrench = staffLanguage(templates, 'harbor', 'fr');
const CASE_ID = '11111111-2222-4333-8444-555555555555';
const staffOf = (agencyId: string, roles: StaffMember['roles'] = ['case-manager']): StaffMember => ({ subject: 'sub-1', agencyId, roles, email: 'casey@example.org' });
const chrome = (language: StaffLanguage, agencyId = 'demo', roles?: StaffMember['roles']) => ({ agencyName: 'Agency', staff: staffOf(agencyId, roles), language });
/** The page's words, without its style sheets (whose rules are not words). */
const text = (page: string) => page.replace(/<style>[\s\S]*?<\/style>/g, '');
const expectNone = (page: string, english: readonly string[]) => { for (const phrase of english) expect(text(page), phrase).not.toContain(phrase); };

const notes = notesOf([
  { type: 'note', noteId: 'note-0001', agencyId: 'demo', caseId: CASE_ID, contactType: 'phone', contactedAt: '2026-03-10T17:30:00.000Z', durationMinutes: 2, contactedPerson: 'Mother', narrative: 'Called about the appointment.', followUpOn: '2026-03-12', author: 'sub-1', authorEmail: 'casey@example.org', recordedAt: '2026-03-10T18:00:00.000Z' },
  { type: 'note-addendum', addendumId: 'add-0001', noteId: 'note-0001', agencyId: 'demo', caseId: CASE_ID, text: 'She called back.', author: 'sub-2', recordedAt: '2026-03-11T18:00:00.000Z' },
]);
const notesPage = (language: StaffLanguage, roles?: StaffMember['roles']) =>
  staffDocument('Case', chrome(language, 'demo', roles), caseNotesSection({ staff: staffOf('demo', roles), caseId: CASE_ID, notes, timeZone: 'America/Chicago', language, notice: 'saved' }));

const NOTE_FORM_ENGLISH = ['Add a note to case', 'Back to case', 'Not saved: check these answers', 'Type of contact', 'Choose one', 'Phone call', 'Narrative', 'Save note', 'Follow-up date'];
const NOTES_ENGLISH = ['Notes and contacts', 'Note saved.', 'Add a note or contact', 'Phone call', 'Recorded', 'Duration', 'Who was contacted', 'Add an addendum', 'Addenda', ' by '];
const FOLLOW_UPS_ENGLISH = ['My follow-ups', 'Overdue', 'Due today', 'This week', 'Case review', 'Follow-up of a', 'Nothing'];

describe('the notes form and the case\'s notes in the reader\'s language', () => {
  const refusedNote = (language: StaffLanguage) => renderNoteFormPage({ chrome: chrome(language), caseId: CASE_ID }, {
    values: { contactType: 'phone', narrative: '' },
    errors: notePageErrors([{ field: 'narrative', problem: 'missing' }, { field: 'followUpOn', problem: 'past', today: '2026-03-10' }], language),
  });

  it('English stays as it was', () => {
    const page = refusedNote(ENGLISH);
    expect(page).toContain('<title>Add a note to case 11111111 · Agency</title>');
    expect(page).toContain('Narrative: write what happened');
    expect(page).toContain('<option value="phone" selected>Phone call</option>');
    expect(notesPage(ENGLISH)).toContain('Phone call, 2026-03-10 12:30');
    expect(notesPage(ENGLISH)).toContain('2026-03-10 13:00 by you (casey@example.org)');
  });

  it('Spanish: the refused form, its field errors, contact types and headings, and no English left', () => {
    const page = refusedNote(demo('es'));
    expect(page).toContain('<html lang="es" dir="ltr">');
    expect(page).toContain('<title>Añadir una nota al caso 11111111 · Agency</title>');
    expect(page).toContain('No se guardó: revise estas respuestas');
    expect(page).toContain('Relato: escriba lo que ocurrió');
    expect(page).toContain('Fecha de seguimiento: elija hoy (10 de marzo de 2026) o un día posterior');
    expect(page).toContain('<option value="phone" selected>Llamada telefónica</option>');
    expect(page).toContain('Guardar la nota');
    expectNone(page, NOTE_FORM_ENGLISH);

    const section = notesPage(demo('es'));
    for (const words of ['Notas y contactos', 'Nota guardada.', 'Llamada telefónica, 2026-03-10 12:30', '2026-03-10 13:00 por usted (casey@example.org)', '2 min', 'Añadir una adenda', 'Adendas', 'otro miembro del personal']) expect(section).toContain(words);
    expectNone(section, NOTES_ENGLISH);
    // What staff typed is never translated.
    expect(section).toContain('Called about the appointment.');
    expect(noteTimelineText({ event: 'addendum', contactType: 'home-visit' }, demo('es'))).toBe('Adenda a la nota de visita a domicilio');
  });

  it('Arabic: right to left, its plural of minutes, and no English left', () => {
    const page = refusedNote(demo('ar'));
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('السرد: اكتب ما حدث');
    expect(page).toContain('<option value="phone" selected>مكالمة هاتفية</option>');
    expect(page).toContain('حفظ الملاحظة');
    expect(page).toContain('<span class="visually-hidden">خطأ: </span>');
    expectNone(page, NOTE_FORM_ENGLISH);
    const section = notesPage(demo('ar'));
    expect(section).toContain('دقيقتان');
    expect(section).toContain('الملاحظات والتواصل');
    expectNone(section, NOTES_ENGLISH);
    expect(notesPage(demo('ar'), ['agency-admin'])).toContain('يسمح دورك بقراءة الملاحظات دون إضافتها.');
  });

  it('Harbor\'s French: the addendum form and its refusal', () => {
    const page = renderAddendumFormPage({ chrome: chrome(harborFrench, 'harbor'), caseId: CASE_ID, noteId: 'note-0001' }, {
      values: { text: '' }, errors: addendumPageErrors([{ field: 'text', problem: 'missing' }], harborFrench),
    });
    expect(page).toContain('<title>Ajouter un addendum au dossier 11111111 · Agency</title>');
    expect(page).toContain('Addendum : écrivez la correction ou ce que vous ajoutez');
    expect(page).toContain('Ajouter l’addendum<span class="visually-hidden"> à la note</span>');
    expect(page).toContain('href="/staff/harbor/cases/11111111-2222-4333-8444-555555555555#note-note-0001"');
    expectNone(page, ['Add an addendum', 'Back to case', 'Not saved', 'the note']);
  });
});

describe('"My follow-ups" in the reader\'s language', () => {
  const buckets: FollowUpBuckets = {
    today: '2026-03-10', weekEnd: '2026-03-16',
    overdue: [{ kind: 'note', caseId: CASE_ID, due: '2026-03-09', noteId: 'note-0001', contactType: 'phone' }],
    dueToday: [],
    thisWeek: [{ kind: 'review', caseId: CASE_ID, due: '2026-03-12' }],
  };

  it('English stays as it was', () => {
    const page = renderFollowUpsPage(chrome(ENGLISH), buckets);
    expect(page).toContain('<h1>My follow-ups</h1>');
    expect(page).toContain('Follow-up of a phone call note');
    expect(page).toContain('Nothing due today.');
  });

  it('Spanish and Harbor\'s French, with no English left', () => {
    const page = renderFollowUpsPage(chrome(demo('es')), buckets);
    expect(page).toContain('<title>Mis seguimientos · Agency</title>');
    for (const words of ['<h1>Mis seguimientos</h1>', 'hoy es 2026-03-10', 'Atrasados', 'Nada para hoy.', 'Esta semana, hasta el 2026-03-16', 'Seguimiento de una nota de llamada telefónica', 'Revisión del caso']) expect(page).toContain(words);
    expect(page).toContain('aria-current="page">Mis seguimientos</a>');
    expectNone(page, FOLLOW_UPS_ENGLISH);
    const french = renderFollowUpsPage(chrome(harborFrench, 'harbor'), buckets);
    expect(french).toContain('Suivi d’une note « appel téléphonique »');
    expectNone(french, FOLLOW_UPS_ENGLISH);
  });

  it('Arabic, right to left', () => {
    const page = renderFollowUpsPage(chrome(demo('ar')), buckets);
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('<h1>متابعاتي</h1>');
    expect(page).toContain('مراجعة الحالة');
    expectNone(page, FOLLOW_UPS_ENGLISH);
  });
});

describe('exports and assignment results in the reader\'s language', () => {
  const entries = [{ formId: 'intake', title: 'Intake', version: '1.0.0', current: true, submissions: 3, firstAt: '2026-01-02T00:00:00Z', lastAt: '2026-03-01T00:00:00Z' }];

  it('the exports page', () => {
    expect(renderExportsPage(chrome(ENGLISH, 'demo', ['supervisor']), entries)).toContain('<a href="/staff/demo/exports/notes">Notes and contacts of every case, CSV</a>: one row per note and per addendum.');
    const page = renderExportsPage(chrome(demo('es'), 'demo', ['supervisor']), entries);
    expect(page).toContain('<a href="/staff/demo/exports/notes">Notas y contactos de todos los casos, CSV</a>: una fila por nota y por adenda.');
    for (const words of ['<h1>Exportaciones</h1>', 'Versiones de formularios con envíos', '(actual)', 'de Intake, versión 1.0.0']) expect(page).toContain(words);
    expectNone(page, ['Exports', 'Form versions', 'Submissions', 'Download', '(current)', 'of Intake']);
    expect(renderExportsPage(chrome(demo('ar'), 'demo', ['supervisor']), [])).toContain('لا توجد إرسالات بعد.');
  });

  it('the assignment results, counted by the locale\'s plural rules', () => {
    const done: AssignmentResult[] = [{ caseId: CASE_ID, outcome: 'assigned', version: 2 }, { caseId: '22222222-2222-4333-8444-555555555555', outcome: 'unchanged', version: 3 }];
    expect(renderAssignmentResults(chrome(ENGLISH, 'harbor', ['supervisor']), 'Noé Dubois', done.slice(0, 1))).toContain('1 case assigned to Noé Dubois.');
    const spanish = renderAssignmentResults(chrome(demo('es'), 'demo', ['supervisor']), 'Jordan', done);
    for (const words of ['2 casos asignados a Jordan.', 'Asignado a Jordan. Se le envió un correo.', 'Ya era un caso de Jordan: no cambió nada.', 'Volver a los casos']) expect(spanish).toContain(words);
    expectNone(spanish, ['Assignment', 'assigned to', 'Each case', 'What happened', 'Back to cases']);
    expect(renderAssignmentResults(chrome(demo('ar'), 'demo', ['supervisor']), 'Jordan', done)).toContain('أُسندت حالتان إلى Jordan.');
    const refused = renderAssignmentResults(chrome(harborFrench, 'harbor', ['supervisor']), 'Noé Dubois', [...done, { caseId: '33333333-2222-4333-8444-555555555555', outcome: 'case-ended', state: 'closed' }]);
    expect(refused).toContain('1 dossier sur 3 n’a pas été attribué ; les autres l’ont été.');
    expect(refused).toContain('Non attribué : le dossier est terminé.');
    const stale: AssignmentResult = { caseId: CASE_ID, outcome: 'stale', state: 'active', version: 4 };
    expect(renderAssignmentResults(chrome(ENGLISH, 'demo', ['supervisor']), 'Jordan', [stale])).toContain('<p>The case was not assigned.</p>');
    expect(renderAssignmentResults(chrome(demo('es'), 'demo', ['supervisor']), 'Jordan', [stale, { ...stale, caseId: '22222222-2222-4333-8444-555555555555' }])).toContain('No se asignó ninguno de los 2 casos.');
  });
});
