/**
 * The promises of compose.yaml, .env.example, .dockerignore and the Dockerfile, read with
 * parsers (yaml, dockerfile-ast) and checked against the config schema's own exports, so a
 * variable added to config/load-config.ts fails here until it is documented and wired.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig, SECRET_VARIABLES } from '../../config/load-config.ts';
import { readDockerIgnore } from './docker-context.ts';
import {
  argumentsOf,
  execForm,
  flagsOf,
  healthcheckOf,
  instructionsOf,
  lastOf,
  parseDockerfile,
  propertiesOf,
  runChain,
} from './dockerfile-model.ts';
import {
  type ComposeService,
  loadCompose,
  ROOT,
  readEnvExample,
  runProcess,
  serviceEnvironment,
  serviceSecrets,
} from './container-files.ts';
import type { Healthcheck } from 'dockerfile-ast';

const compose = loadCompose();
const herald = compose.services.herald as ComposeService;
const redis = compose.services.redis as ComposeService;
const secretFileVariables = new Set<string>(SECRET_VARIABLES.map((name) => `${name}_FILE`));
const knownVariables = new Set<string>([...CONFIG_VARIABLES, ...secretFileVariables]);

/** Compose durations: `15s`, `1m30s`, `500ms`. */
function durationMs(value: string | undefined): number {
  if (value === undefined) return Number.NaN;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001 };
  let total = 0;
  let rest = value.trim();
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|us|h|m|s)/.exec(rest);
    if (!match) return Number.NaN;
    total += Number(match[1]) * units[match[2]!]!;
    rest = rest.slice(match[0].length);
  }
  return total;
}

const commandLine = (command: string | string[] | undefined) => (Array.isArray(command) ? command.join(' ') : (command ?? ''));

describe('compose.yaml', () => {
  it('runs Redis 7 with persistence, noeviction, a volume, a health check and a restart policy', () => {
    expect(redis.image).toMatch(/^redis:7(-alpine)?$/);
    const command = commandLine(redis.command);
    expect(command).toMatch(/^redis-server\b/);
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
    const data = (redis.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    const named = data.map((v) => v.split(':')).find(([, target]) => target === '/data');
    expect(named, 'a volume mounted at /data').toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(named![0]);
    expect(redis.healthcheck?.test).toBeDefined();
    expect(redis.restart).toBe('unless-stopped');
  });

  it("Redis's health check, run as written, passes against a live Redis", async () => {
    const test = redis.healthcheck!.test as string[];
    expect(test[0]).toBe('CMD-SHELL');
    const result = await runProcess('sh', ['-c', test[1]!], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } });
    expect(result.code, result.output).toBe(0);
  });

  it('starts Herald once Redis is healthy, restarts it, checks its health, points it at the redis service', () => {
    expect(herald.build).toBeDefined();
    expect(herald.restart).toBe('unless-stopped');
    const envFiles = [herald.env_file ?? []].flat().map((f) => (typeof f === 'string' ? f : f.path));
    expect(envFiles).toContain('.env');
    expect(herald.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(serviceEnvironment(herald).REDIS_URL).toBe('redis://redis:6379');
    const test = herald.healthcheck?.test as string[];
    expect(test[0]).toBe('CMD');
    expect(test.join(' ')).toContain('/healthz');
    expect(test).not.toContain('curl');
  });

  it('can run several replicas: no container name, no fixed host port', () => {
    expect(herald.container_name).toBeUndefined();
    for (const port of herald.ports ?? []) {
      if (typeof port === 'object') {
        expect(port.published ?? '', 'a fixed published port blocks --scale').toBe('');
      } else {
        // `8080`, `127.0.0.1::8080`: the host side is left to Docker.
        const parts = String(port).split(':');
        expect(parts.length === 1 || parts.at(-2) === '', `port ${port} fixes a host port`).toBe(true);
      }
    }
  });

  it("gives Herald more time to stop than its own SHUTDOWN_TIMEOUT_SECONDS before Docker's SIGKILL", () => {
    const env = { ...readEnvExample().active, ...serviceEnvironment(herald) };
    const config = loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: env.SHUTDOWN_TIMEOUT_SECONDS });
    expect(durationMs(herald.stop_grace_period)).toBeGreaterThan(config.shutdownTimeoutMs);
  });

  it('passes every secret as a Docker secret file, through its *_FILE variable', () => {
    const env = serviceEnvironment(herald);
    const mounted = serviceSecrets(herald);
    for (const name of SECRET_VARIABLES) {
      expect(env[name], `${name} must not be set in compose.yaml (use the secret)`).toBeUndefined();
      const target = env[`${name}_FILE`];
      expect(target, `${name}_FILE is not set for herald`).toBeDefined();
      const secret = mounted.find((s) => s.target === target);
      expect(secret, `${name}_FILE points at ${target}, which no secret of herald mounts`).toBeDefined();
      expect(compose.secrets?.[secret!.name]?.file, `secret ${secret!.name} must come from a file under ./secrets/`).toMatch(/^\.\/secrets\/[^/]+$/);
    }
    const used = new Set(Object.entries(env).filter(([k]) => secretFileVariables.has(k)).map(([, v]) => v));
    for (const secret of mounted) expect(used.has(secret.target), `secret ${secret.name} is mounted but no *_FILE reads it`).toBe(true);
  });

  it('runs Herald read-only (a tmpfs at /tmp), with every capability dropped and no new privileges', () => {
    expect(herald.read_only).toBe(true);
    const tmpfs = [herald.tmpfs ?? []].flat();
    expect(tmpfs.map((t) => t.split(':')[0])).toEqual(['/tmp']);
    expect(herald.cap_drop).toEqual(['ALL']);
    expect(herald.security_opt).toContain('no-new-privileges:true');
    // Nothing adds back what was dropped, and no volume makes the code writable.
    expect((herald as Record<string, unknown>).cap_add).toBeUndefined();
    expect((herald as Record<string, unknown>).privileged).toBeUndefined();
    expect(herald.volumes).toBeUndefined();
  });

  it('sets only variables the config schema reads', () => {
    const unknown = Object.keys(serviceEnvironment(herald)).filter((name) => !knownVariables.has(name));
    expect(unknown).toEqual([]);
  });
});

describe('.env.example', () => {
  const example = readEnvExample();
  const listed = new Set([...Object.keys(example.documented), ...Object.keys(example.active)]);

  it('documents every variable of the config schema', () => {
    expect(CONFIG_VARIABLES.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('lists nothing the config schema does not read', () => {
    expect([...listed].filter((name) => !knownVariables.has(name))).toEqual([]);
  });

  it('sets nothing by default: every line is commented out', () => {
    expect(example.active).toEqual({});
  });

  it("shows the schema's real defaults", () => {
    expect(loadConfig(example.documented)).toEqual(loadConfig({}));
  });
});

describe('.dockerignore', () => {
  const ignore = readDockerIgnore(join(ROOT, '.dockerignore'));

  it('keeps tests, fixtures, bench, .git, .env, secrets and node_modules out of the build context', () => {
    for (const path of [
      'test/integration/announce.test.ts',
      'test/fixtures/feeds/x.xml',
      'bench/run-all.ts',
      '.git/HEAD',
      '.env',
      '.env.local',
      'secrets/x_app_key',
      'node_modules/bullmq/package.json',
      'src/node_modules/x.js',
      'src/feed/parse-feed.test.ts',
      'compose.yaml',
      'README.md',
      'coverage/index.html',
    ]) {
      expect(ignore.excludes(path), `${path} must stay out of the build context`).toBe(true);
    }
  });

  it('lets in everything the Dockerfile copies from the context', () => {
    const parsed = parseDockerfile(join(ROOT, 'Dockerfile'));
    const copied = parsed.stages
      .flatMap((stage) => instructionsOf(stage, 'COPY'))
      .filter((copy) => !flagsOf(copy).has('from'))
      .flatMap((copy) => argumentsOf(copy).slice(0, -1));
    expect(copied.length).toBeGreaterThan(0);
    for (const source of copied) expect(ignore.excludes(source), `${source} is copied but ignored`).toBe(false);
    for (const path of ['bin/herald.js', 'bin/herald.ts', 'bin/wiring.ts', 'src/adapters/cli/run-cli.ts', 'config/load-config.ts', 'jobs/queues.ts']) {
      expect(ignore.excludes(path), path).toBe(false);
    }
  });
});

describe('Dockerfile', () => {
  const parsed = parseDockerfile(join(ROOT, 'Dockerfile'));
  const final = parsed.finalStage;

  it('is multi-stage, on node:24 images, the runtime on node:24-slim', () => {
    expect(parsed.stages.length).toBeGreaterThanOrEqual(2);
    const stageNames = new Set(parsed.stages.map((s) => s.name));
    for (const stage of parsed.stages) {
      if (!stageNames.has(stage.base)) expect(stage.base).toMatch(/^node:24([-.@]|$)/);
    }
    expect(final.base).toMatch(/^node:24-slim(@sha256:[0-9a-f]{64})?$/);
  });

  it('pins every base image by digest (sha256, 64 hex), the same one in every stage', () => {
    const stageNames = new Set(parsed.stages.map((s) => s.name));
    const bases = parsed.stages.filter((s) => !stageNames.has(s.base)).map((s) => s.base);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base, `FROM ${base} is not pinned by digest`).toMatch(/^[^@\s]+@sha256:[0-9a-f]{64}$/);
    expect(new Set(bases).size).toBe(1);
    const labels = Object.fromEntries(instructionsOf(final, 'LABEL').flatMap(propertiesOf));
    expect(bases[0]).toContain(labels['org.opencontainers.image.base.digest']);
  });

  it('installs production dependencies only, with npm ci --omit=dev, in the stage the runtime copies node_modules from', () => {
    const fromFlags = instructionsOf(final, 'COPY').map((c) => flagsOf(c).get('from')).filter((f): f is string => typeof f === 'string');
    const source = parsed.stages.find((s) => fromFlags.includes(s.name ?? String(s.index)));
    expect(source, 'the runtime copies from a build stage').toBeDefined();
    const installs = instructionsOf(source!, 'RUN').flatMap(runChain).filter(([p, sub]) => p === 'npm' && sub === 'ci');
    expect(installs).toHaveLength(1);
    expect(installs[0]).toContain('--omit=dev');
    // No npm install at run time and none in the runtime stage.
    expect(instructionsOf(final, 'RUN').flatMap(runChain).filter(([p]) => p === 'npm')).toEqual([]);
  });

  it('runs as a non-root user, with NODE_ENV=production', () => {
    const user = argumentsOf(lastOf(final, 'USER')!).join(' ');
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
    const env = Object.fromEntries(instructionsOf(final, 'ENV').flatMap(propertiesOf));
    expect(env.NODE_ENV).toBe('production');
  });

  it('checks /healthz with Node, not curl', () => {
    const check = healthcheckOf(parsed, lastOf(final, 'HEALTHCHECK') as Healthcheck);
    expect(check.command[0]).toBe('node');
    expect(check.command.join(' ')).toContain('/healthz');
    expect(check.command.join(' ')).toContain('process.env.HTTP_PORT');
    for (const flag of ['interval', 'timeout', 'retries']) expect(check.flags.has(flag), flag).toBe(true);
  });

  it('stops on SIGTERM through tini, exposes 8080 and runs `node bin/herald.js start` (the launcher that checks the Node version)', () => {
    expect(argumentsOf(lastOf(final, 'STOPSIGNAL')!)).toEqual(['SIGTERM']);
    expect(argumentsOf(lastOf(final, 'EXPOSE')!)).toContain('8080');
    expect(execForm(lastOf(final, 'CMD')!)).toEqual(['node', '--liftoff-only', 'bin/herald.js', 'start']);
    expect(execForm(lastOf(final, 'ENTRYPOINT')!)).toEqual(['/usr/bin/tini', '--']);
    const installsTini = instructionsOf(final, 'RUN')
      .flatMap(runChain)
      .some(([p, sub, ...rest]) => p === 'apt-get' && sub === 'install' && rest.includes('tini'));
    expect(installsTini, 'tini comes from Debian packages in the runtime stage').toBe(true);
    expect(herald.init, 'tini is the init: compose must not add a second one').not.toBe(true);
  });

  it('carries OCI labels', () => {
    const labels = Object.fromEntries(instructionsOf(final, 'LABEL').flatMap(propertiesOf));
    for (const key of ['title', 'description', 'vendor', 'licenses']) {
      expect(labels[`org.opencontainers.image.${key}`], key).toBeTruthy();
    }
    expect(labels['org.opencontainers.image.licenses']).toBe('MIT');
  });
});
