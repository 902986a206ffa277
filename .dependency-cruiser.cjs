/**
 * The boundaries of the code, checked by dependency-cruiser in `npm test` (`npm run lint:boundaries`).
 * Domain folders hold the rules and use cases: they know no AWS and no HTTP. `functions/aws/` is the only code that
 * talks to AWS. Handlers compose. `local/` runs the functions locally and is never imported by them. `infra/`
 * describes the cloud and imports neither the local stack nor the scripts. Scripts and benchmarks do not lean on
 * the tests. Violations that predate this check are listed in .dependency-cruiser-known-violations.json, to be
 * burnt down; anything new fails.
 */
const domain = '^functions/(forms|cases|documents|delivery|outcomes|exports|contracts)/';
const web = '^functions/(http|pages|staff-pages)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-knows-no-aws-and-no-http',
      comment: 'Rules and use cases (forms, cases, documents, delivery, outcomes, exports, contracts) import no adapter, no web code and no handler: they take ports.',
      severity: 'error',
      from: { path: domain },
      to: { path: ['^functions/aws/', web, '^functions/handlers/', '^functions/services\\.ts$'] },
    },
    {
      name: 'only-adapters-import-the-aws-sdk',
      comment: 'functions/aws/ is the only production code that imports @aws-sdk/*.',
      severity: 'error',
      from: { path: '^functions/', pathNot: '^functions/aws/' },
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
      from: { orphan: true, path: '^functions/', pathNot: ['^functions/handlers/', '^functions/forms/generated/', '\\.d\\.ts$', 'README'] },
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
