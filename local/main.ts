import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { localStackFile, type LocalStackFile } from './stack-file.ts';
import { projectRoot, startLocalStack, type Persistence } from './stack.ts';
import { formsBanner } from './health.ts';
import type { Deployed } from '../functions/domain/studio/publishing.ts';

const deployedWords: Record<Deployed, string> = {
  live: 'the repository\'s version is live',
  unchanged: 'unchanged',
  'kept-studio': 'the studio\'s newer version stays live (the repository\'s is in the studio\'s history)',
};

/**
 * `npm start`: the whole service on 127.0.0.1 until Ctrl-C, its data kept in .local-state/ between runs
 * (CASEFORMS_STATE_DIR elsewhere). `npm start -- --fresh` deletes the saved data first; `-- --in-memory` neither
 * reads nor saves any.
 */
const port = Number(process.env.PORT ?? 3000);
const inMemory = process.argv.includes('--in-memory');
const stateDir = inMemory ? undefined : process.env.CASEFORMS_STATE_DIR ?? join(projectRoot, '.local-state');
// Outcome lines (EMF, as in Lambda) stay on: an intake's is its only log line. CASEFORMS_METRICS=off silences them.
console.log('caseforms: starting the local stack (moto_server emulator, HTTP API, document worker, outbox sweeper)…');
const stack = await startLocalStack({ port, stateDir, fresh: process.argv.includes('--fresh') });
// Tells `npm run redrive` and `npm run backfill` where this stack's queues, table and bucket are.
const stackFile: LocalStackFile = {
  url: stack.url, emulatorEndpoint: stack.emulatorEndpoint, documentQueueUrl: stack.resources.documentQueueUrl, deadLetterQueueUrl: stack.resources.deadLetterQueueUrl,
  tableName: stack.resources.tableName, bucketName: stack.resources.bucketName,
  // startLocalStack pointed this process's SDK at its serializing proxy.
  dynamodbEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? stack.emulatorEndpoint,
};
writeFileSync(localStackFile, JSON.stringify(stackFile));

console.log(`
caseforms is running. Open the demo agency's intake page:

  Intake page    ${stack.url}/intake/demo/intake  (also ?lang=es, ?lang=ar)
  Staff pages    ${stack.url}/staff/sign-in  (pick a demo role; no password locally)

  API            ${stack.url}
  Health         ${stack.url}/health
  Demo form      ${stack.url}/agencies/demo/forms/intake
  Submit         POST ${stack.url}/agencies/demo/forms/intake/submissions  (application/json)
  Local mailbox  ${stack.url}/_local/mailbox  (mail to @bounce.caseforms.test bounces, to @complaint.caseforms.test complains)
  Redrive        npm run redrive  (moves dead-lettered document jobs back to the queue)
  Backfill       npm run backfill -- --dry-run  (files older cases in the search, match and caseload indexes)
  AWS emulator   ${stack.emulatorEndpoint}  (moto_server: DynamoDB, S3, SQS, SES)
  Upload gate    ${stack.uploadGateUrl}  (local only: checks presigned POSTs as S3 does; a malware scan stand-in that knows only EICAR)
  Form packs     ${[...stack.deployedPacks].map(([agencyId, outcome]) => `${agencyId}: ${deployedWords[outcome]}`).join('; ')}

${formsBanner(stack.agencies, stack.refused).replace(/^(?=.)/gm, '  ')}

${dataNote(stack.persistence)}
Press Ctrl-C to stop.
`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local stack${stack.persistence ? ' and saving its data' : ''}…`);
    rmSync(localStackFile, { force: true });
    stack.stop().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
  });
}

function dataNote(persistence: Persistence | undefined): string {
  if (!persistence) return 'Data is kept IN MEMORY (--in-memory): stopping the stack loses every case, document and email.';
  const inHere = relative(process.cwd(), persistence.stateDir);
  const where = inHere.startsWith('..') ? persistence.stateDir : inHere || '.';
  const { restored } = persistence;
  const start = restored
    ? `Put back what was saved at ${restored.savedAt} in ${restored.ms} ms: ${restored.items} table items, ${restored.objects} objects, ${restored.uploads} uploaded files, ${restored.mail} emails, ${restored.jobs} queued jobs, ${restored.deadLetters} dead letters.`
    : 'Started empty.';
  return `Data is saved in ${where}/ (after each change and at Ctrl-C). ${start}\n\`npm start -- --fresh\` deletes it and starts empty.`;
}
