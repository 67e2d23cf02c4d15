/**
 * The image, proven without a Docker engine: the Dockerfile is parsed (dockerfile-ast), its
 * stages are replayed into folders under os.tmpdir() (exactly the files it copies, its own
 * `npm ci` line run with the machine's npm), and its CMD is started the way compose starts it
 * (compose.yaml's environment and secrets for `herald`, .env.example as the .env), as the
 * image's USER when this test runs as root. What differs from a real container, and why:
 * Redis, X, Mastodon and the feed are local fakes (test prefix, http feed), HTTP_PORT is a free
 * port, /run/secrets/* are files in the replayed tree, and tini (ENTRYPOINT) is not in between.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeFeed, startFakeFeed } from '../fakes/fake-feed.ts';
import { DEFAULT_MASTODON_TOKEN, type FakeMastodon, startFakeMastodon } from '../fakes/fake-mastodon.ts';
import { type FakeX, startFakeX } from '../fakes/fake-x.ts';
import { rss } from '../fakes/feed-builders.ts';
import { cleanupPrefix, testPrefix } from '../helpers/redis-prefix.ts';
import { testEnvironment } from '../helpers/test-environment.ts';
import { waitFor } from '../helpers/wait-for.ts';
import {
  freePort,
  loadCompose,
  ROOT,
  readEnvExample,
  runProcess,
  type RunningProcess,
  serviceEnvironment,
  serviceSecrets,
  startProcess,
} from './container-files.ts';
import { argumentsOf, instructionsOf, parseDockerfile } from './dockerfile-model.ts';
import { NODE_IMAGE_PATH, type ReplayedImage, replayImage } from './replay-image.ts';

const INSTALL_TIMEOUT_MS = 240_000;

/** What each secret file holds in this test (credentials the fakes accept). */
const SECRET_VALUES: Record<string, string> = {
  X_APP_KEY: 'image-test-app-key',
  X_APP_SECRET: 'image-test-app-secret',
  X_ACCESS_TOKEN: 'image-test-access-token',
  X_ACCESS_SECRET: 'image-test-access-secret',
  MASTODON_ACCESS_TOKEN: DEFAULT_MASTODON_TOKEN,
};

const item = (n: number) => ({
  title: `Image runtime post ${n}`,
  link: `https://session.foundation/blog/image-runtime-${n}`,
  pubDate: new Date(),
});

/** `uid:gid` of a numeric USER, to run the service as the image does when the test is root. */
function runAs(user: string | undefined): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0 || user === undefined) return {};
  const [uid, gid] = user.split(':');
  if (!/^\d+$/.test(uid ?? '') || (gid !== undefined && !/^\d+$/.test(gid))) {
    throw new Error(`USER ${user}: the test needs a numeric uid[:gid] to run as it`);
  }
  return { uid: Number(uid), gid: Number(gid ?? uid) };
}

/** The image's PATH with its folders inside the replayed tree first, then this machine's. */
function imagePath(image: ReplayedImage, path = NODE_IMAGE_PATH): string {
  const inImage = path.split(':').map((p) => join(image.final.rootfs, p));
  return [...inImage, ...path.split(':')].join(':');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f));
}

/** The image replayed once; the broken-image replays below reuse its install (same lockfile). */
let replayed: ReplayedImage | undefined;
// Removing the replayed install (some 13,000 files, a third of them @atproto/api's) takes more
// than the default 30 s hook deadline on a busy 2-core machine.
afterAll(() => replayed?.dispose(), 120_000);

describe('the image, reproduced from the Dockerfile without Docker', () => {
  let image: ReplayedImage;
  let app: string;

  beforeAll(async () => {
    const major = Number(process.versions.node.split('.')[0]);
    if (major < 24) throw new Error(`these tests stand in Node ${process.versions.node} for node:24: run them with Node 24`);
    image = await replayImage({ context: ROOT });
    replayed = image;
    app = image.hostPath(image.final.workdir);
    const size = execFileSync('du', ['-sh', join(app, 'node_modules')], { encoding: 'utf8' }).split('\t')[0];
    const source = execFileSync('du', ['-sh', '--exclude=node_modules', app], { encoding: 'utf8' }).split('\t')[0];
    console.info(`replayed image: production node_modules ${size}, source ${source} (${image.dir})`);
  }, INSTALL_TIMEOUT_MS);

  it('lives where no node_modules of the repository can be reached', () => {
    expect(image.dir.startsWith(tmpdir())).toBe(true);
    expect(image.dir.startsWith(ROOT)).toBe(false);
    for (let dir = dirname(app); dir !== dirname(dir); dir = dirname(dir)) {
      expect(existsSync(join(dir, 'node_modules')), `${dir}/node_modules would be visible to the service`).toBe(false);
    }
  });

  it('holds the runtime files, production dependencies only, and nothing else of the repository', () => {
    for (const path of ['bin/herald.ts', 'package.json', 'package-lock.json', 'config', 'jobs', 'src', 'node_modules']) {
      expect(existsSync(join(app, path)), `${path} missing from the image`).toBe(true);
    }
    for (const path of ['test', 'bench', '.git', '.env', '.env.example', 'compose.yaml', 'Dockerfile', 'secrets', 'README.md']) {
      expect(existsSync(join(app, path)), `${path} must not be in the image`).toBe(false);
    }
    expect(filesUnder(app).filter((f) => f.endsWith('.test.ts') && !f.includes('/node_modules/'))).toEqual([]);

    // Nothing the lockfile marks as development-only is installed.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
    };
    const devOnly = Object.entries(lock.packages)
      .filter(([path, p]) => path.startsWith('node_modules/') && (p.dev || p.devOptional))
      .map(([path]) => path);
    expect(devOnly.length).toBeGreaterThan(0);
    expect(devOnly.filter((path) => existsSync(join(app, path)))).toEqual([]);
  });

  it('runs exactly what it means to: npm ci in the build stage; only tini from Debian is not reproduced', () => {
    const ran = image.stages.flatMap((s) => s.ran);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatch(/^npm ci .*--omit=dev/);
    const skipped = image.stages.flatMap((s) => s.skipped);
    for (const command of skipped) expect(command).toMatch(/^(apt-get (update|install .*\btini\b)|rm -rf \/var\/lib\/apt\/lists)/);
    expect(image.final.entrypoint?.[0]).toBe('/usr/bin/tini');
  });

  it('can be read in full by the unprivileged USER, and not modified by it', () => {
    const user = image.final.user;
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(0|root)$/);
    for (const file of filesUnder(app)) {
      const stat = lstatSync(file);
      if (stat.isSymbolicLink()) continue;
      // COPY leaves everything owned by root: the USER reads through the "other" bits.
      expect(stat.mode & 0o004, `${file} is not world-readable`).toBe(0o004);
      if (stat.isDirectory()) expect(stat.mode & 0o001, `${file} is not world-searchable`).toBe(0o001);
      expect(stat.mode & 0o002, `${file} is world-writable`).toBe(0);
    }
  });

  describe('its CMD, started with compose.yaml\'s environment for "herald"', () => {
    let feed: FakeFeed;
    let x: FakeX;
    let mastodon: FakeMastodon;
    let prefix: string;
    let proc: RunningProcess | undefined;

    beforeEach(async () => {
      prefix = testPrefix();
      [feed, x, mastodon] = await Promise.all([startFakeFeed(), startFakeX(), startFakeMastodon()]);
    });
    afterEach(async () => {
      proc?.child.kill('SIGKILL');
      await Promise.all([feed.close(), x.close(), mastodon.close()]);
      await cleanupPrefix(prefix);
    });

    it('serves /healthz and /readyz, posts a new item once to X and Mastodon, and stops on SIGTERM', async () => {
      const compose = loadCompose();
      const herald = compose.services.herald!;
      const composeEnv = serviceEnvironment(herald);
      expect(composeEnv.REDIS_URL).toBe('redis://redis:6379');

      // The secrets compose mounts, as files in the replayed tree; *_FILE pointed at them.
      const fileEnv: Record<string, string> = {};
      for (const { target } of serviceSecrets(herald)) {
        const variable = Object.entries(composeEnv).find(([name, value]) => name.endsWith('_FILE') && value === target)?.[0];
        expect(variable, `no *_FILE variable points at the secret ${target}`).toBeDefined();
        const hostFile = image.hostPath(target);
        mkdirSync(dirname(hostFile), { recursive: true });
        writeFileSync(hostFile, `${SECRET_VALUES[variable!.slice(0, -'_FILE'.length)] ?? ''}\n`, { mode: 0o644 });
        fileEnv[variable!] = hostFile;
      }

      const port = await freePort();
      const env: Record<string, string> = {
        ...image.final.env,
        ...readEnvExample().active,
        ...composeEnv,
        ...fileEnv,
        ...testEnvironment(prefix, {
          FEED_URLS: feed.feedUrl('/rss.xml'),
          X_API_BASE_URL: x.url,
          MASTODON_URL: mastodon.url,
          ALLOW_INSECURE_FEEDS: 'true',
          FEED_POLL_SECONDS: '1',
          HTTP_PORT: String(port),
          LOG_LEVEL: 'info',
        }),
        PATH: imagePath(image, image.final.env.PATH),
      };
      expect(env.NODE_ENV).toBe('production');
      // The memory settings (issue 17): the heap flags reach V8, the compile cache sits in the
      // container's writable /tmp (here inside the replayed tree, writable by the image's USER).
      expect(env.NODE_OPTIONS).toMatch(/--max-semi-space-size=1\b/);
      expect(env.NODE_OPTIONS).toMatch(/--max-old-space-size=128\b/);
      expect(env.MALLOC_ARENA_MAX).toBe('2');
      expect(env.NODE_COMPILE_CACHE).toMatch(/^\/tmp\//);
      const compileCache = image.hostPath(env.NODE_COMPILE_CACHE!);
      mkdirSync(dirname(compileCache), { recursive: true });
      chmodSync(dirname(compileCache), 0o1777);
      env.NODE_COMPILE_CACHE = compileCache;
      const as = runAs(image.final.user);
      const limits = await runProcess('node', ['-p', 'require("v8").getHeapStatistics().heap_size_limit'], { cwd: app, env, ...as });
      const heapLimitMb = Number(limits.output.trim()) / 2 ** 20;
      expect(heapLimitMb, limits.output).toBeGreaterThan(128);
      expect(heapLimitMb, 'the old-space cap is applied (no cap: 2 GB or more)').toBeLessThan(160);
      if (as.uid !== undefined) {
        const who = await runProcess('node', ['-p', 'process.getuid()'], { cwd: app, env, ...as });
        expect(who.output.trim(), 'the service runs as the image USER').toBe(String(as.uid));
      }
      const cmd = image.final.cmd!;
      expect(cmd).toEqual(['node', '--liftoff-only', 'bin/herald.js', 'start']);

      feed.setFeed('/rss.xml', rss([item(2)]));
      proc = startProcess(cmd[0]!, cmd.slice(1), { cwd: app, env, ...as });
      const running = proc;
      const base = `http://127.0.0.1:${port}`;
      await untilServing(running, base);
      expect(running.output()).toMatch(/"platform":"x"[^\n]*"dryRun":false/);
      expect(running.output()).toMatch(/"platform":"mastodon"[^\n]*"dryRun":false/);
      // Once ready, the service has written its compiled modules to the compile cache.
      expect(filesUnder(compileCache).filter((f) => lstatSync(f).isFile()).length).toBeGreaterThan(100);

      // First poll: the baseline. Then a new item goes out once per platform.
      await feed.waitForRequests('/rss.xml', 1, 10_000);
      feed.setFeed('/rss.xml', rss([item(1), item(2)]));
      const [tweet] = await x.waitForRequests('POST /2/tweets', 1, 15_000);
      const [status] = await mastodon.waitForRequests('POST /api/v1/statuses', 1, 15_000);
      expect(tweet!.headers.authorization).toContain(`oauth_consumer_key="${SECRET_VALUES.X_APP_KEY}"`);
      expect(JSON.stringify(tweet!.json)).toContain(item(1).link);
      expect(status!.headers.authorization).toBe(`Bearer ${DEFAULT_MASTODON_TOKEN}`);

      // The `herald` command on PATH (the symlink to bin/herald.js), as `docker compose exec herald herald ...`.
      const wrapper = await runProcess('herald', ['config', '--json'], { cwd: app, env, ...as });
      expect(wrapper.code, wrapper.output).toBe(0);
      const shown = JSON.parse(wrapper.output) as Record<string, string | null>;
      expect(shown.X_APP_KEY).toBe('***');
      expect(shown.MASTODON_ACCESS_TOKEN).toBe('***');
      expect(wrapper.output).not.toContain(SECRET_VALUES.X_APP_KEY);

      // The image's HEALTHCHECK and compose's, run as written.
      const dockerfileCheck = image.final.healthcheck!.command;
      const composeTest = herald.healthcheck!.test as string[];
      expect(composeTest[0]).toBe('CMD');
      const checks = [dockerfileCheck, composeTest.slice(1)];
      for (const [command, ...args] of checks) {
        const result = await runProcess(command!, args, { cwd: app, env, ...as });
        expect(result.code, `${command} ${args.join(' ')}: ${result.output}`).toBe(0);
      }

      const signalledAt = Date.now();
      running.child.kill('SIGTERM');
      const exit = await running.exited;
      expect(exit.code, running.output()).toBe(0);
      expect(exit.at - signalledAt).toBeLessThan(Number(env.SHUTDOWN_TIMEOUT_SECONDS) * 1000);
      for (const [command, ...args] of checks) {
        expect((await runProcess(command!, args, { cwd: app, env, ...as })).code, 'health check of a stopped service').toBe(1);
      }

      expect(x.tweets).toHaveLength(1);
      expect(mastodon.statuses).toHaveLength(1);
    }, 90_000);

    it('runs with its files read-only (compose: read_only, a tmpfs at /tmp): serves /healthz and /readyz, polls, writes nothing', async () => {
      // compose.yaml's read_only root filesystem, stood in for: the app folder made unwritable for
      // everyone (the USER when this test is root, the owner otherwise), HOME and TMPDIR on a
      // scratch folder (the tmpfs). Secrets left out (dry runs): this is about the filesystem.
      const composeEnv = Object.fromEntries(Object.entries(serviceEnvironment(loadCompose().services.herald!)).filter(([name]) => !name.endsWith('_FILE')));
      const scratch = mkdtempSync(join(tmpdir(), 'herald-tmpfs-'));
      chmodSync(scratch, 0o1777);
      const port = await freePort();
      const env: Record<string, string> = {
        ...image.final.env,
        ...composeEnv,
        ...testEnvironment(prefix, { FEED_URLS: feed.feedUrl('/rss.xml'), ALLOW_INSECURE_FEEDS: 'true', HTTP_PORT: String(port), LOG_LEVEL: 'info' }),
        HOME: join(scratch, 'home'),
        TMPDIR: scratch,
        PATH: imagePath(image, image.final.env.PATH),
      };
      const before = snapshot(app);
      execFileSync('chmod', ['-R', 'a-w', app]);
      try {
        feed.setFeed('/rss.xml', rss([item(3)]));
        const cmd = image.final.cmd!;
        proc = startProcess(cmd[0]!, cmd.slice(1), { cwd: app, env, ...runAs(image.final.user) });
        const running = proc;
        const base = `http://127.0.0.1:${port}`;
        await untilServing(running, base);
        await feed.waitForRequests('/rss.xml', 2, 15_000);
        expect(running.output()).not.toMatch(/EACCES|EROFS|permission denied/i);
        running.child.kill('SIGTERM');
        expect((await running.exited).code, running.output()).toBe(0);
      } finally {
        execFileSync('chmod', ['-R', 'u+w', app]);
      }
      expect(snapshot(app)).toEqual(before);
      rmSync(scratch, { recursive: true, force: true });
    }, 90_000);
  });
});

/** Every path under `dir` with its size and modification time: a write anywhere changes it. */
function snapshot(dir: string): string[] {
  return filesUnder(dir)
    .filter((f) => !f.includes('/node_modules/'))
    .map((f) => {
      const stat = lstatSync(f);
      return `${f} ${stat.size} ${stat.mtimeMs}`;
    })
    .sort();
}

describe('the replay catches a broken image', () => {
  const scratch: string[] = [];
  afterAll(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });
  const scratchDir = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `herald-${name}-`));
    scratch.push(dir);
    return dir;
  };
  /** `herald config` loads every module of the CLI and the service: a missing one fails it. */
  const startCli = (image: ReplayedImage) =>
    runProcess('node', ['bin/herald.ts', 'config', '--json'], {
      cwd: image.hostPath(image.final.workdir),
      env: { ...image.final.env, PATH: imagePath(image, image.final.env.PATH) },
    });

  it('a runtime folder the Dockerfile forgets to copy: the CMD cannot start', async () => {
    // The Dockerfile without its `COPY jobs/ ...` instruction (found by the parser, removed by line).
    const parsed = parseDockerfile(join(ROOT, 'Dockerfile'));
    const copyJobs = instructionsOf(parsed.finalStage, 'COPY').find((i) => argumentsOf(i)[0]?.replace(/\/$/, '') === 'jobs');
    expect(copyJobs, 'the Dockerfile copies jobs/').toBeDefined();
    const { start, end } = copyJobs!.getRange();
    const lines = parsed.text.split('\n');
    lines.splice(start.line, end.line - start.line + 1);
    const dir = scratchDir('dockerfile');
    writeFileSync(join(dir, 'Dockerfile'), lines.join('\n'));

    const image = await replayImage({ context: ROOT, dockerfile: join(dir, 'Dockerfile'), installedFrom: replayed });
    try {
      const result = await startCli(image);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/ERR_MODULE_NOT_FOUND/);
      expect(result.output).toMatch(/\/jobs\//);
    } finally {
      image.dispose();
    }
  }, INSTALL_TIMEOUT_MS);

  it('a package that only devDependencies install: the CMD cannot start', async () => {
    // A build context whose source imports `yaml`, a devDependency of the repository.
    const context = scratchDir('context');
    for (const path of ['Dockerfile', '.dockerignore', 'package.json', 'package-lock.json', 'bin', 'config', 'jobs', 'src']) {
      cpSync(join(ROOT, path), join(context, path), { recursive: true });
    }
    const cli = join(context, 'src/adapters/cli/run-cli.ts');
    writeFileSync(cli, `import 'yaml';\n${readFileSync(cli, 'utf8')}`);

    const image = await replayImage({ context, installedFrom: replayed });
    try {
      const result = await startCli(image);
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/Cannot find package 'yaml'/);
    } finally {
      image.dispose();
    }
  }, INSTALL_TIMEOUT_MS);
});

/** /healthz answers as soon as the process listens; /readyz once Redis and the workers are up. */
async function untilServing(running: { child: { exitCode: number | null }; output(): string }, base: string): Promise<void> {
  await waitFor(
    async () => {
      if (running.child.exitCode !== null) throw new Error(`the service exited (${running.child.exitCode}):\n${running.output()}`);
      return (await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200;
    },
    '/healthz answering 200',
    { timeoutMs: 20_000 },
  );
  await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, '/readyz answering 200', { timeoutMs: 20_000 });
}
