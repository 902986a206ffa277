/**
 * The layers of functions/, checked by dependency-cruiser in `npm test` (`npm run lint:boundaries`), each importing only
 * those below it:
 *   handlers/  one file per Lambda: composes the others
 *   web/       HTTP in and out: middlewares, public and staff pages, staff sessions
 *   adapters/  the outside world: AWS (the only code that imports @aws-sdk/*) and Chromium
 *   domain/    rules and use cases: no AWS, no HTTP; storage and rendering are ports it declares
 *   contracts/, observability/  what every layer, infra and the local stack share
 * `local/` runs the functions locally and is never imported by them. `infra/` describes the cloud and imports
 * neither the local stack nor the scripts. Scripts and benchmarks do not lean on the tests.
 */
const domain = '^functions/(domain|contracts)/';
const web = '^functions/web/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-knows-no-aws-and-no-http',
      comment: 'Rules and use cases (forms, cases, documents, delivery, outcomes, exports, contracts) import no adapter, no web code and no handler: they take ports.',
      severity: 'error',
      from: { path: domain },
      to: { path: ['^functions/adapters/', web, '^functions/handlers/'] },
    },
    {
      name: 'contracts-and-observability-stand-alone',
      comment: 'What every layer (and infra and the local stack) shares imports no layer above it.',
      severity: 'error',
      from: { path: '^functions/(contracts|observability)/' },
      to: { path: '^functions/', pathNot: '^functions/(contracts|observability)/' },
    },
    {
      name: 'adapters-know-no-web-and-no-handlers',
      comment: 'Adapters implement the ports the domain declares; what HTTP looks like is not their business.',
      severity: 'error',
      from: { path: '^functions/adapters/' },
      to: { path: [web, '^functions/handlers/'] },
    },
    {
      name: 'web-knows-no-adapters',
      comment: 'The web layer turns HTTP into use-case calls and back; it is handed its stores by the handler that composes it.',
      severity: 'error',
      from: { path: web },
      to: { path: ['^functions/adapters/', '^functions/handlers/'] },
    },
    {
      name: 'only-adapters-import-the-aws-sdk',
      comment: 'functions/adapters/aws/ is the only production code that imports @aws-sdk/*.',
      severity: 'error',
      from: { path: '^functions/', pathNot: '^functions/adapters/aws/' },
      to: { path: '@aws-sdk/' },
    },
    {
      name: 'functions-never-import-local-infra-scripts-or-tests',
      comment: 'Production code runs alone in Lambda: the local stack, the CDK app, scripts and tests are not there.',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: '^(local|infra|scripts|bench|test)/' },
    },
    {
      name: 'infra-never-imports-local-or-scripts',
      comment: 'The CDK app describes the cloud; what it shares with the local stack lives in functions/contracts/.',
      severity: 'error',
      from: { path: '^infra/' },
      to: { path: '^(local|scripts|bench|test)/' },
    },
    {
      name: 'scripts-and-bench-never-import-tests',
      severity: 'error',
      from: { path: '^(scripts|bench)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-import-cycles',
      comment: 'A cycle makes two modules one: break it by moving what both need, or by passing it in.',
      severity: 'error',
      from: { path: '^(functions|local|infra|scripts|bench)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders depend on each other one way: a layer that imports a layer that imports it back is one layer.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^functions/' },
      to: { circular: true },
    },
    {
      name: 'no-orphans-in-functions',
      comment: 'A production module nothing imports is dead code (handlers are entry points, generated code is built).',
      severity: 'error',
      from: { orphan: true, path: '^functions/', pathNot: ['^functions/handlers/', '^functions/domain/forms/generated/', '\\.d\\.ts$', 'README'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^cdk\\.out', '^\\.local'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    skipAnalysisNotInRules: true,
  },
};
