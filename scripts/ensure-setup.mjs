#!/usr/bin/env node
// Installs what `npm start` and `npm test` need on a fresh clone: npm packages (when package-lock.json changed),
// the local AWS emulator and, for tests, poppler-utils. Plain JavaScript: it runs before anything is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const forTests = process.argv.includes('--test');

function run(command, args) {
  console.error(`setup: ${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd: root, stdio: 'inherit' });
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function ensureNodeModules() {
  const lock = readFileSync(join(root, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  const stamp = join(root, 'node_modules', '.caseforms-lock-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  run('npm', ['ci', '--no-audit', '--no-fund']);
  writeFileSync(stamp, hash);
}

function ensureDebianPackage(command, pkg) {
  if (onPath(command)) return;
  if (process.getuid?.() !== 0) {
    console.error(`setup: "${command}" is missing; install the Debian package ${pkg} (sudo apt-get install -y ${pkg}).`);
    process.exit(1);
  }
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', pkg]);
}

function ensureMoto() {
  if (onPath('moto_server')) return;
  // moto is a Python package; where PyPI is reachable this installs it, elsewhere the machine image must have it.
  const pip = spawnSync('python3', ['-m', 'pip', 'install', '--quiet', 'moto[server]==5.2.1'], { stdio: 'inherit' });
  if (pip.status !== 0 || !onPath('moto_server')) {
    console.error('setup: moto_server (Python package moto[server] 5.2.1) is required for the local AWS emulator and could not be installed.');
    process.exit(1);
  }
}

ensureNodeModules();
ensureMoto();
if (forTests) ensureDebianPackage('pdftotext', 'poppler-utils');
