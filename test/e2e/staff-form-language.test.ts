import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader, harborPackDir } from '../support/harbor-pack.ts';
import { browse, CookieJar, hiddenFields, postForm, signIn } from '../support/staff-session.ts';
import { demoExample, post, startTestStack } from '../support/test-stack.ts';

// Issue 20 part 8, the pages around signing in and the staff forms: before sign-in the browser's language decides
// (among the agency's when the sign-in returns to one); a staff form opens in the staff member's own language, with the
// staff bar in it, and `?lang=` still picks another. Demo (en/es/ar) and Harbor (en/fr), through the real local stack.
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithHarbor() });
});
afterAll(async () => { await stack?.stop(); });

const page = async (path: string, acceptLanguage: string, jar = new CookieJar()) => {
  const response = await browse(stack, jar, path, { headers: { 'accept-language': acceptLanguage } });
  return { status: response.status, language: response.headers.get('content-language'), html: await response.text() };
};

async function newCase(agencyId: 'demo' | 'harbor'): Promise<string> {
  const body = agencyId === 'demo' ? demoExample() : JSON.parse(readFileSync(join(harborPackDir, 'forms', 'intake.json'), 'utf8')).examples[0];
  const response = await post(stack, `/agencies/${agencyId}/forms/intake/submissions`, { body: JSON.stringify(body), headers: agencyId === 'harbor' ? harborApiKeyHeader : {} });
  expect(response.status).toBe(201);
  return (response.json as { caseId: string }).caseId;
}

describe('the sign-in pages, before anyone is known', () => {
  it('the entrance is in the browser\'s language: Spanish, and Arabic right to left', async () => {
    const spanish = await page('/staff/sign-in', 'es-MX,es;q=0.9,en;q=0.5');
    expect(spanish.status).toBe(200);
    expect(spanish.language).toBe('es');
    expect(spanish.html).toContain('<html lang="es" dir="ltr">');
    expect(spanish.html).toContain('<title>Acceso del personal · caseforms</title>');
    expect(spanish.html).toContain('<h1>Acceso del personal</h1>');
    expect(spanish.html).toMatch(/<a class="button primary" href="[^"]+">Iniciar sesión<\/a>/);
    for (const english of ['Staff sign-in', 'Case managers, supervisors', '>Sign in<', 'Skip to main content']) expect(spanish.html).not.toContain(english);

    const arabic = await page('/staff/sign-in', 'ar');
    expect(arabic.html).toContain('<html lang="ar" dir="rtl">');
    expect(arabic.html).toContain('<h1>تسجيل دخول الموظفين</h1>');
    expect(arabic.html).not.toContain('Staff sign-in');
    // A language no staff page is written in reads English.
    expect((await page('/staff/sign-in', 'de')).html).toContain('<h1>Staff sign-in</h1>');
  });

  it('a sign-in returning to an agency\'s page is in one of that agency\'s languages', async () => {
    // Harbor serves English and French: a Spanish-then-French browser reads French, a Spanish-only one English.
    const returnTo = encodeURIComponent('/staff/harbor/cases');
    expect((await page(`/staff/sign-in?returnTo=${returnTo}`, 'es, fr;q=0.8')).html).toContain('<h1>Connexion du personnel</h1>');
    expect((await page(`/staff/sign-in?returnTo=${returnTo}`, 'es')).html).toContain('<h1>Staff sign-in</h1>');
    expect((await page('/staff/sign-in', 'es, fr;q=0.8')).html).toContain('<h1>Acceso del personal</h1>');
  });

  it('a sign-in that did not complete, and a refused sign-out, say so in the browser\'s language', async () => {
    const callback = await page('/staff/callback?code=c&state=not-started-here', 'fr-CA');
    expect(callback.status).toBe(400);
    expect(callback.html).toContain('<h1>La connexion n&#39;a pas abouti</h1>');
    expect(callback.html).toContain('Recommencez depuis la page de connexion.');
    expect(callback.html).not.toContain('Start again');

    const { jar } = await signIn(stack, 'case-manager');
    const refused = await browse(stack, jar, '/staff/sign-out', { method: 'POST', headers: { origin: 'https://elsewhere.example', 'accept-language': 'es', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toContain('<h1>No se cerró la sesión</h1>');
    expect(html).toContain('La solicitud no vino de una página de caseforms.');
    // Refused, so still signed in.
    expect((await browse(stack, jar, '/staff/demo/cases')).status).toBe(200);
  });
});

describe('a staff form in the staff member\'s language', () => {
  it('opens in the language they picked on another staff page, with the staff bar in it, without ?lang= and whatever the browser prefers', async () => {
    const caseId = await newCase('demo');
    const { jar } = await signIn(stack, 'case-manager');
    expect((await page('/staff/demo/cases?lang=es', 'en', jar)).status).toBe(200);

    const form = await page(`/staff/demo/cases/${caseId}/forms/assessment`, 'en-US,en', jar);
    expect(form.status).toBe(200);
    expect(form.language).toBe('es');
    expect(form.html).toContain('<html lang="es" dir="ltr">');
    expect(form.html).toContain('<h1>Evaluación de necesidades</h1>');
    expect(form.html).toContain('<button type="submit" class="primary">Guardar</button>');
    expect(form.html).toContain('<input type="hidden" name="_lang" value="es">');
    // The staff bar: its links, the sign-out button and the language links, in Spanish.
    expect(form.html).toMatch(/<a href="\/staff\/demo\/cases" aria-current="page">Casos<\/a>/);
    expect(form.html).toContain('Cerrar sesión');
    expect(form.html).toContain('<span aria-current="true" lang="es">Español</span>');
    expect(form.html).toContain(`href="/staff/demo/cases/${caseId}/forms/assessment?lang&#61;ar"`);
    for (const english of ['Needs assessment', '>Save<', '>Cases<', 'Sign out', 'Skip to main content']) expect(form.html).not.toContain(english);

    // ?lang= still picks another of the agency's languages, for this page and the next ones.
    const arabic = await page(`/staff/demo/cases/${caseId}/forms/assessment?lang=ar`, 'es', jar);
    expect(arabic.html).toContain('<html lang="ar" dir="rtl">');
    expect(arabic.html).toContain('<button type="submit" class="primary">حفظ</button>');
    expect((await page(`/staff/demo/cases/${caseId}/forms/assessment`, 'es', jar)).html).toContain('<html lang="ar" dir="rtl">');
  });

  it('refuses in their language: a form their role may not fill in, a form the case cannot take now, a stale post', async () => {
    const caseId = await newCase('demo');
    const intakeWorker = await signIn(stack, 'intake-worker');
    await page('/staff/demo/cases?lang=es', 'en', intakeWorker.jar);
    const refused = await page(`/staff/demo/cases/${caseId}/forms/discharge`, 'en', intakeWorker.jar);
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('<h1>No permitido</h1>');
    expect(refused.html).toContain('se necesita una de estas funciones: administrador de casos, supervisión. No se guardó nada.');

    const { jar } = await signIn(stack, 'case-manager');
    await page('/staff/demo/cases?lang=es', 'en', jar);
    const notNow = await page(`/staff/demo/cases/${caseId}/forms/service-start`, 'en', jar);
    expect(notNow.status).toBe(409);
    expect(notNow.html).toContain('Un caso en el estado «Admisión» no puede recibir este formulario ahora.');

    // Sent at an older case version: the form again, answers kept, the reason in Spanish.
    const form = await page(`/staff/demo/cases/${caseId}/forms/assessment`, 'en', jar);
    const opened = hiddenFields(form.html);
    const stale = await postForm(stack, jar, `/staff/demo/cases/${caseId}/forms/assessment`, { ...opened, _version: String(Number(opened._version) - 1), '/assessedOn': '2026-11-20', '/summary': 'Kept answer' });
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain('<html lang="es" dir="ltr">');
    expect(staleHtml).toContain('El caso cambió desde que abrió este formulario.');
    expect(staleHtml).toContain('Kept answer');
  });

  it('Harbor\'s staff get their form in French, Harbor\'s second language', async () => {
    const caseId = await newCase('harbor');
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor' });
    await page('/staff/harbor/cases?lang=fr', 'en', jar);
    const form = await page(`/staff/harbor/cases/${caseId}/forms/assessment`, 'en', jar);
    expect(form.status).toBe(200);
    expect(form.html).toContain('<html lang="fr" dir="ltr">');
    expect(form.html).toContain('<h1>Évaluation du logement</h1>');
    expect(form.html).toContain('<button type="submit" class="primary">Enregistrer</button>');
    expect(form.html).toContain('Se déconnecter');
    expect(form.html).not.toContain('Tenancy assessment');
  });
});

