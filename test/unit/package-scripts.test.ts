import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../local/stack.ts';

const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

// The commands the README promises work on a fresh clone: each installs what it needs before anything else runs
// (npm packages, the emulator; poppler for the ones that read PDFs), so none can fail on a missing `tsx`.
const freshCloneCommands = ['start', 'test', 'bench', 'fuzz', 'load', 'faults', 'preview', 'token'];

describe('package.json scripts', () => {
  it.each(freshCloneCommands)('`npm run %s` sets the machine up first', (name) => {
    expect(scripts[name], name).toMatch(/^node scripts\/ensure-setup\.mjs( --test)? && /);
  });
});
