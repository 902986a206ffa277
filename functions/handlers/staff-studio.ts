import { formBody, type FormBodyEvent } from '../web/http/form-body.ts';
import { staffPageHandler, staffPageMessage } from '../web/staff/staff-page-handler.ts';
import { studioDiff, studioDraftPost, studioFile, studioHome, studioPackDownload, studioPublishPost, studioUpload } from '../web/staff/studio-answers.ts';
import { multipartBody, type MultipartBodyEvent } from '../web/http/multipart-body.ts';
import { builtOnce } from '../composition/built-once.ts';
import { staffPageDeps } from '../composition/staff-page-deps.ts';
import { studioParts } from '../composition/studio.ts';
import { readConfig, type Config } from '../contracts/config.ts';

/**
 * The form studio, for agency admins (docs/form-studio.md): its home (GET …/studio), a file in the editor
 * (GET …/studio/file), the draft's saves (POST …/studio/draft), publish and roll-back (POST …/studio/publish) and a
 * comparison (GET …/studio/diff), the pack as one file (GET …/studio/pack) and its upload into the draft (POST
 * …/studio/upload). One function for the seven routes: CloudFormation allows a stack 500 resources, and
 * a function per route costs about ten.
 */
export function build(settings: () => Config = readConfig) {
  const parts = builtOnce(() => studioParts(settings()));
  const agencies = () => parts().catalog;
  return staffPageHandler<FormBodyEvent & MultipartBodyEvent>('staff-studio', async (event) => {
    const step = /\/studio(\/[a-z]+)?$/.exec(event.rawPath)?.[1] ?? '';
    const post = event.requestContext.http.method === 'POST';
    if (!post && step === '') return studioHome(event, parts());
    if (!post && step === '/file') return studioFile(event, parts());
    if (!post && step === '/diff') return studioDiff(event, parts());
    if (post && step === '/draft') return studioDraftPost(event, parts());
    if (post && step === '/publish') return studioPublishPost(event, parts());
    if (!post && step === '/pack') return studioPackDownload(event, parts());
    if (post && step === '/upload') return studioUpload(event, parts());
    const words = event.language.words('staff');
    return staffPageMessage(404, event.chrome, words.t('notFound.title'), words.t('notFound.page'));
  }, staffPageDeps(settings, agencies), [formBody(), multipartBody()]);
}

export const handler = build();
