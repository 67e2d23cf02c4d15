import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_BLUESKY_FOOTER, DEFAULT_BLUESKY_SERVICE, DEFAULT_FEED_POLL_SECONDS, DEFAULT_FEED_URLS, DEFAULT_MASTODON_FOOTER, DEFAULT_REPOST_PREFIX, DEFAULT_X_FOOTER } from './defaults.ts';
import { DEFAULT_OFFICIAL_CHANNELS, type OfficialChannels, parseOfficialChannels, RegistryError } from './official-channels.ts';
import { type ReplyTemplates, replyTemplatesFor } from './reply-templates.ts';

/** Variables that hold secrets: each also accepts `NAME_FILE` (a path to the value). */
export const SECRET_VARIABLES = [
  'X_APP_KEY',
  'X_APP_SECRET',
  'X_ACCESS_TOKEN',
  'X_ACCESS_SECRET',
  'MASTODON_ACCESS_TOKEN',
  'ADMIN_TOKEN',
  'BLUESKY_APP_PASSWORD',
] as const;

/**
 * A URL's userinfo (`//user:pass@`): it ends at the LAST `@` before the path, as WHATWG URL and
 * ioredis read it, so a password containing `@` is hidden whole. (config imports nothing of
 * Herald; src/domain/redact-url.ts is the full redactor, query parameters included.)
 */
const USERINFO = /\/\/[^/?#\s]*@/;
const USERINFO_ALL = /\/\/[^/?#\s,]*@/g;

export type Environment = Readonly<Record<string, string | undefined>>;

/** Start-up refused: one line per problem, each naming the variable and what it expects. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const httpUrl = (name: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          const url = new URL(value);
          return url.protocol === 'http:' || url.protocol === 'https:';
        } catch {
          return false;
        }
      },
      { error: `${name} must be an http:// or https:// URL` },
    )
    .transform((value) => value.replace(/\/+$/, ''));

const wholeNumber = (name: string, min: number, fallback: number) =>
  z
    .string()
    .trim()
    .default(String(fallback))
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min, {
      error: `${name} must be a whole number ≥ ${min}`,
    })
    .transform(Number);

const positiveNumber = (name: string, fallback: number) =>
  z
    .string()
    .trim()
    .default(String(fallback))
    .refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) > 0, {
      error: `${name} must be a positive number`,
    })
    .transform(Number);

const dollars = (name: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^\d+(\.\d+)?$/.test(v), {
      error: `${name} must be a number ≥ 0 (US dollars, e.g. 0.2)`,
    })
    .transform(Number);

const nonNegativeNumber = (name: string, fallback: number) => z.string().default(String(fallback)).pipe(dollars(name));

const flag = (name: string, fallback = false) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .default(String(fallback))
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), {
      error: `${name} must be true or false`,
    })
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const list = (name: string, fallback: string[], item: z.ZodType<string, string>) =>
  z
    .string()
    .default(fallback.join(','))
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .pipe(z.array(item).min(1, { error: `${name} needs at least one entry` }));

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/** A base URL pages append paths to: no credentials, query or fragment. */
const plainBaseUrl = z.string().refine(
  (value) => {
    const url = new URL(value);
    return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
  },
  { error: 'PUBLIC_BASE_URL must be a plain http(s) address such as https://herald.example.org (no user, query or fragment)' },
);

/** A Bluesky handle (`session.foundation`, `@` allowed) or a DID (`did:plc:…`, `did:web:…`). */
const blueskyIdentifier = optionalText.pipe(
  z
    .string()
    .trim()
    .transform((v) => v.replace(/^@/, ''))
    .refine((v) => /^did:[a-z]+:[A-Za-z0-9._:%-]*[A-Za-z0-9._-]$/.test(v) || /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(v), {
      error: 'BLUESKY_IDENTIFIER must be the account\'s handle (e.g. session.foundation) or its DID (did:plc:…)',
    })
    .optional(),
);

const envSchema = z.object({
  FEED_URLS: list('FEED_URLS', DEFAULT_FEED_URLS, httpUrl('every entry of FEED_URLS')),
  FEED_POLL_SECONDS: wholeNumber('FEED_POLL_SECONDS', 1, DEFAULT_FEED_POLL_SECONDS),
  REDIS_URL: z
    .string()
    .trim()
    .default('redis://127.0.0.1:6379')
    .refine((v) => /^rediss?:\/\/.+/.test(v), {
      error: 'REDIS_URL must look like redis://host:port (or rediss:// for TLS)',
    }),
  HERALD_PREFIX: z
    .string()
    .trim()
    .default('herald')
    .refine((v) => /^[A-Za-z0-9_.-]{1,64}$/.test(v), {
      error: 'HERALD_PREFIX must be 1–64 letters, digits, "_", "." or "-" (no ":")',
    }),
  X_API_BASE_URL: httpUrl('X_API_BASE_URL').default('https://api.x.com'),
  X_APP_KEY: optionalText,
  X_APP_SECRET: optionalText,
  X_ACCESS_TOKEN: optionalText,
  X_ACCESS_SECRET: optionalText,
  X_FOOTER: z.string().trim().min(1).default(DEFAULT_X_FOOTER),
  MASTODON_URL: optionalText.pipe(httpUrl('MASTODON_URL').optional()),
  MASTODON_ACCESS_TOKEN: optionalText,
  MASTODON_FOOTER: z.string().trim().min(1).default(DEFAULT_MASTODON_FOOTER),
  DRY_RUN: flag('DRY_RUN'),
  BACKFILL: wholeNumber('BACKFILL', 0, 0),
  MAX_ITEM_AGE_DAYS: positiveNumber('MAX_ITEM_AGE_DAYS', 14),
  HTTP_PORT: wholeNumber('HTTP_PORT', 0, 8080).refine((v) => v <= 65535, {
    error: 'HTTP_PORT must be a port number (0–65535)',
  }),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .default('info')
    .pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
      }),
    ),
  HTTP_TIMEOUT_SECONDS: positiveNumber('HTTP_TIMEOUT_SECONDS', 15),
  FEED_TIMEOUT_SECONDS: positiveNumber('FEED_TIMEOUT_SECONDS', 20),
  FEED_MAX_BYTES: wholeNumber('FEED_MAX_BYTES', 1024, 5 * 1024 * 1024),
  ALLOW_INSECURE_FEEDS: flag('ALLOW_INSECURE_FEEDS'),
  ALLOW_INSECURE_APIS: flag('ALLOW_INSECURE_APIS'),
  OFFICIAL_CHANNELS_FILE: optionalText,
  OFFICIAL_DOMAINS: optionalText.pipe(list('OFFICIAL_DOMAINS', [], z.string().toLowerCase()).optional()),
  BURST_LIMIT: wholeNumber('BURST_LIMIT', 1, 3),
  RETRY_BASE_SECONDS: positiveNumber('RETRY_BASE_SECONDS', 5),
  RETRY_MAX_SECONDS: positiveNumber('RETRY_MAX_SECONDS', 1800),
  RETRY_HORIZON_HOURS: positiveNumber('RETRY_HORIZON_HOURS', 24),
  SHUTDOWN_TIMEOUT_SECONDS: positiveNumber('SHUTDOWN_TIMEOUT_SECONDS', 10),
  JOB_LOCK_SECONDS: positiveNumber('JOB_LOCK_SECONDS', 30),
  INSTANCE_HEARTBEAT_SECONDS: positiveNumber('INSTANCE_HEARTBEAT_SECONDS', 10),
  REPOST_PREFIX: z.string().trim().min(1).default(DEFAULT_REPOST_PREFIX),
  ADMIN_TOKEN: optionalText.pipe(
    z.string().min(16, { error: 'ADMIN_TOKEN must be at least 16 characters' }).optional(),
  ),
  MENTIONS_POLL_SECONDS: wholeNumber('MENTIONS_POLL_SECONDS', 1, 300),
  MASTODON_MENTIONS_POLL_SECONDS: wholeNumber('MASTODON_MENTIONS_POLL_SECONDS', 1, 60),
  REPLY_COOLDOWN_MINUTES: positiveNumber('REPLY_COOLDOWN_MINUTES', 10),
  MAX_REPLIES_PER_HOUR: wholeNumber('MAX_REPLIES_PER_HOUR', 0, 30),
  PUBLIC_PAGE: flag('PUBLIC_PAGE'),
  PUBLIC_BASE_URL: optionalText.pipe(httpUrl('PUBLIC_BASE_URL').pipe(plainBaseUrl).optional()),
  PUBLIC_CHECK_BURST: wholeNumber('PUBLIC_CHECK_BURST', 1, 20),
  PUBLIC_CHECK_PER_MINUTE: positiveNumber('PUBLIC_CHECK_PER_MINUTE', 10),
  PUBLIC_PROXY_HOPS: wholeNumber('PUBLIC_PROXY_HOPS', 0, 0),
  REPLY_CHECK_LINK: flag('REPLY_CHECK_LINK'),
  X_PRICE_POST_WITH_URL_USD: nonNegativeNumber('X_PRICE_POST_WITH_URL_USD', 0.2),
  X_PRICE_REPLY_USD: nonNegativeNumber('X_PRICE_REPLY_USD', 0.01),
  X_PRICE_OWNED_READ_USD: nonNegativeNumber('X_PRICE_OWNED_READ_USD', 0.001),
  X_PRICE_REPLY_WITH_URL_AS_POST: flag('X_PRICE_REPLY_WITH_URL_AS_POST', true),
  X_REPLY_DAILY_BUDGET_USD: nonNegativeNumber('X_REPLY_DAILY_BUDGET_USD', 2),
  X_DAILY_BUDGET_USD: optionalText.pipe(dollars('X_DAILY_BUDGET_USD').optional()),
  BLUESKY_SERVICE: httpUrl('BLUESKY_SERVICE').default(DEFAULT_BLUESKY_SERVICE),
  BLUESKY_IDENTIFIER: blueskyIdentifier,
  BLUESKY_APP_PASSWORD: optionalText,
  BLUESKY_FOOTER: z.string().trim().min(1).default(DEFAULT_BLUESKY_FOOTER),
  BLUESKY_MENTIONS_POLL_SECONDS: wholeNumber('BLUESKY_MENTIONS_POLL_SECONDS', 1, 60),
});

/** Every variable Herald reads (the `*_FILE` forms of secrets aside). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

export interface XCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

/** One typed, validated view of the environment; the only thing that reads it. */
export interface Config {
  /**
   * Every variable by its environment name with its effective value, as operators may see it
   * (`herald config`): secrets `***`, passwords in URLs `***`, null when unset. One entry each.
   */
  variables: Readonly<Record<string, string | null>>;
  feedUrls: string[];
  feedPollSeconds: number;
  redisUrl: string;
  prefix: string;
  dryRun: boolean;
  backfill: number;
  maxItemAgeDays: number;
  httpPort: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Deadline of every call to X or Mastodon. */
  httpTimeoutMs: number;
  feed: { timeoutMs: number; maxBytes: number; allowInsecure: boolean };
  /** Links announced without approval: the registry's domains (or OFFICIAL_DOMAINS when set). */
  officialDomains: string[];
  /** The official channels registry (OFFICIAL_CHANNELS_FILE, else config/official-channels.json). */
  officialChannels: OfficialChannels;
  replyTemplates: ReplyTemplates;
  burstLimit: number;
  retry: { baseMs: number; maxMs: number; horizonMs: number };
  shutdownTimeoutMs: number;
  /** How long a worker's claim on a job lasts without renewal: a killed worker's job is taken over after about this long. */
  jobLockMs: number;
  /**
   * How often a running instance renews its configuration fingerprint on the prefix; it counts as
   * live for 3× this long after the last renewal (a killed instance stops blocking a changed
   * configuration after that).
   */
  instanceHeartbeatMs: number;
  repostPrefix: string;
  adminToken: string | undefined;
  x: {
    baseUrl: string;
    credentials: XCredentials | undefined;
    footer: string;
    dryRun: boolean;
    /** X's pay-per-use prices (USD); the shape of src/domain/spend.ts XPrices. */
    prices: { postWithUrl: number; reply: number; ownedRead: number; replyWithUrlAsPost: boolean };
    /** Daily caps (USD, UTC days): replies and mention reads; everything (undefined: no cap). */
    budget: { replyDailyUsd: number; dailyUsd: number | undefined };
  };
  mastodon: {
    url: string | undefined;
    accessToken: string | undefined;
    footer: string;
    dryRun: boolean;
  };
  /** Off (a dry run) unless both the identifier and an app password are given. */
  bluesky: {
    /** Where sessions are created (the PDS or the bsky.social entryway). */
    service: string;
    identifier: string | undefined;
    appPassword: string | undefined;
    footer: string;
    dryRun: boolean;
  };
  mentions: {
    xPollSeconds: number;
    mastodonPollSeconds: number;
    blueskyPollSeconds: number;
    replyCooldownMs: number;
    maxRepliesPerHour: number;
  };
  /** The public "is this official?" page (PUBLIC_PAGE=true), on HTTP_PORT. */
  publicPage: {
    enabled: boolean;
    /** PUBLIC_BASE_URL, no trailing slash: absolute links (feeds, replies) when behind a proxy. */
    baseUrl: string | undefined;
    /** The check's token bucket per client address. */
    checkBurst: number;
    checkPerMinute: number;
    /** Proxies in front whose X-Forwarded-For entries are believed (0: the socket's address). */
    proxyHops: number;
    /** `<base>/check` when REPLY_CHECK_LINK=true: mention replies end with "Check any link: …". */
    replyCheckUrl: string | undefined;
  };
}

type ReadFile = (path: string) => string;

/** Replaces each `NAME_FILE` by the file's content as `NAME` (trailing newline trimmed). */
function resolveSecretFiles(env: Environment, readFile: ReadFile, problems: string[]) {
  const resolved: Record<string, string | undefined> = { ...env };
  for (const name of SECRET_VARIABLES) {
    const path = env[`${name}_FILE`];
    if (path === undefined || path.trim() === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name} and ${name}_FILE are both set: keep only one`);
      continue;
    }
    try {
      resolved[name] = readFile(path.trim()).replace(/\r?\n$/, '');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`${name}_FILE points to ${path.trim()}, which cannot be read (${code})`);
    }
  }
  return resolved;
}

/**
 * Turns the environment into a `Config`, or throws a `ConfigError` listing every problem at
 * once (so an operator fixes them in one go, not one restart per mistake).
 */
export function loadConfig(
  env: Environment,
  readFile: ReadFile = (path) => readFileSync(path, 'utf8'),
): Config {
  const problems: string[] = [];
  const resolved = resolveSecretFiles(env, readFile, problems);
  const parsed = envSchema.safeParse(resolved);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      problems.push(issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`);
    }
  }
  const given = (name: string) => (resolved[name] ?? '').trim() !== '';
  const xNames = ['X_APP_KEY', 'X_APP_SECRET', 'X_ACCESS_TOKEN', 'X_ACCESS_SECRET'];
  const xMissing = xNames.filter((name) => !given(name));
  if (xMissing.length > 0 && xMissing.length < 4) {
    problems.push(
      `X credentials are incomplete: ${xMissing.join(', ')} missing (set all four of X_APP_KEY, X_APP_SECRET, X_ACCESS_TOKEN, X_ACCESS_SECRET, or none for a dry run on X)`,
    );
  }
  if (given('MASTODON_URL') !== given('MASTODON_ACCESS_TOKEN')) {
    const missing = given('MASTODON_URL') ? 'MASTODON_ACCESS_TOKEN' : 'MASTODON_URL';
    problems.push(
      `Mastodon is half configured: ${missing} is missing (set both MASTODON_URL and MASTODON_ACCESS_TOKEN, or neither for a dry run on Mastodon)`,
    );
  }
  if (parsed.success && parsed.data.REPLY_CHECK_LINK && parsed.data.PUBLIC_BASE_URL === undefined) {
    problems.push('REPLY_CHECK_LINK=true needs PUBLIC_BASE_URL (the address visitors reach the public page at), or set REPLY_CHECK_LINK=false');
  }
  problems.push(...insecureApiProblems(resolved));
  if (given('BLUESKY_IDENTIFIER') !== given('BLUESKY_APP_PASSWORD')) {
    const missing = given('BLUESKY_IDENTIFIER') ? 'BLUESKY_APP_PASSWORD' : 'BLUESKY_IDENTIFIER';
    problems.push(
      `Bluesky is half configured: ${missing} is missing (set both BLUESKY_IDENTIFIER and BLUESKY_APP_PASSWORD — an app password from bsky.app, Settings, App passwords — or neither for a dry run on Bluesky)`,
    );
  }
  const registry = loadRegistry(resolved.OFFICIAL_CHANNELS_FILE, readFile, problems);
  if (!parsed.success || problems.length > 0 || registry === undefined) throw new ConfigError(problems);
  const e = parsed.data;
  const officialChannels = e.OFFICIAL_DOMAINS === undefined ? registry : { ...registry, domains: e.OFFICIAL_DOMAINS };

  const xCredentials =
    xMissing.length === 0
      ? {
          appKey: e.X_APP_KEY!,
          appSecret: e.X_APP_SECRET!,
          accessToken: e.X_ACCESS_TOKEN!,
          accessSecret: e.X_ACCESS_SECRET!,
        }
      : undefined;

  return {
    variables: showVariables(e),
    feedUrls: [...new Set(e.FEED_URLS)],
    feedPollSeconds: e.FEED_POLL_SECONDS,
    redisUrl: e.REDIS_URL,
    prefix: e.HERALD_PREFIX,
    dryRun: e.DRY_RUN,
    backfill: e.BACKFILL,
    maxItemAgeDays: e.MAX_ITEM_AGE_DAYS,
    httpPort: e.HTTP_PORT,
    logLevel: e.LOG_LEVEL,
    httpTimeoutMs: e.HTTP_TIMEOUT_SECONDS * 1000,
    feed: {
      timeoutMs: e.FEED_TIMEOUT_SECONDS * 1000,
      maxBytes: e.FEED_MAX_BYTES,
      allowInsecure: e.ALLOW_INSECURE_FEEDS,
    },
    officialDomains: officialChannels.domains,
    officialChannels,
    replyTemplates: replyTemplatesFor(officialChannels),
    burstLimit: e.BURST_LIMIT,
    retry: {
      baseMs: e.RETRY_BASE_SECONDS * 1000,
      maxMs: e.RETRY_MAX_SECONDS * 1000,
      horizonMs: e.RETRY_HORIZON_HOURS * 3_600_000,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    jobLockMs: e.JOB_LOCK_SECONDS * 1000,
    instanceHeartbeatMs: e.INSTANCE_HEARTBEAT_SECONDS * 1000,
    repostPrefix: e.REPOST_PREFIX,
    adminToken: e.ADMIN_TOKEN,
    x: {
      baseUrl: e.X_API_BASE_URL,
      credentials: xCredentials,
      footer: e.X_FOOTER,
      dryRun: e.DRY_RUN || xCredentials === undefined,
      prices: {
        postWithUrl: e.X_PRICE_POST_WITH_URL_USD,
        reply: e.X_PRICE_REPLY_USD,
        ownedRead: e.X_PRICE_OWNED_READ_USD,
        replyWithUrlAsPost: e.X_PRICE_REPLY_WITH_URL_AS_POST,
      },
      budget: { replyDailyUsd: e.X_REPLY_DAILY_BUDGET_USD, dailyUsd: e.X_DAILY_BUDGET_USD },
    },
    mastodon: {
      url: e.MASTODON_URL,
      accessToken: e.MASTODON_ACCESS_TOKEN,
      footer: e.MASTODON_FOOTER,
      dryRun: e.DRY_RUN || e.MASTODON_URL === undefined,
    },
    bluesky: {
      service: e.BLUESKY_SERVICE,
      identifier: e.BLUESKY_IDENTIFIER,
      appPassword: e.BLUESKY_APP_PASSWORD,
      footer: e.BLUESKY_FOOTER,
      dryRun: e.DRY_RUN || e.BLUESKY_IDENTIFIER === undefined || e.BLUESKY_APP_PASSWORD === undefined,
    },
    mentions: {
      xPollSeconds: e.MENTIONS_POLL_SECONDS,
      mastodonPollSeconds: e.MASTODON_MENTIONS_POLL_SECONDS,
      blueskyPollSeconds: e.BLUESKY_MENTIONS_POLL_SECONDS,
      replyCooldownMs: e.REPLY_COOLDOWN_MINUTES * 60_000,
      maxRepliesPerHour: e.MAX_REPLIES_PER_HOUR,
    },
    publicPage: {
      enabled: e.PUBLIC_PAGE,
      baseUrl: e.PUBLIC_BASE_URL,
      checkBurst: e.PUBLIC_CHECK_BURST,
      checkPerMinute: e.PUBLIC_CHECK_PER_MINUTE,
      proxyHops: e.PUBLIC_PROXY_HOPS,
      replyCheckUrl: e.REPLY_CHECK_LINK && e.PUBLIC_BASE_URL !== undefined ? `${e.PUBLIC_BASE_URL}/check` : undefined,
    },
  };
}

/**
 * The platform APIs carry the account's credentials and what is posted in its name: plain
 * http:// is refused unless ALLOW_INSECURE_APIS=true (the tests' fake servers on 127.0.0.1).
 */
function insecureApiProblems(env: Environment): string[] {
  if (['true', '1', 'yes'].includes((env.ALLOW_INSECURE_APIS ?? '').trim().toLowerCase())) return [];
  const problems: string[] = [];
  for (const name of ['X_API_BASE_URL', 'MASTODON_URL']) {
    const value = (env[name] ?? '').trim();
    if (/^http:\/\//i.test(value)) {
      problems.push(`${name} must be an https:// URL (${name}=${value.replace(USERINFO, '//***@')} is plain http); http:// only with ALLOW_INSECURE_APIS=true, for tests`);
    }
  }
  return problems;
}

/** The effective value of every variable, in the schema's order, with nothing secret left in it. */
function showVariables(parsed: Record<string, unknown>): Record<string, string | null> {
  const secret = new Set<string>(SECRET_VARIABLES);
  const shown: Record<string, string | null> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = parsed[name];
    if (value === undefined) shown[name] = null;
    else if (secret.has(name)) shown[name] = '***';
    else shown[name] = (Array.isArray(value) ? value.join(',') : String(value)).replace(USERINFO_ALL, '//***@');
  }
  return shown;
}

/** The registry file named by OFFICIAL_CHANNELS_FILE, or the one Herald ships with. */
function loadRegistry(path: string | undefined, readFile: ReadFile, problems: string[]): OfficialChannels | undefined {
  const file = path?.trim();
  if (file === undefined || file === '') return DEFAULT_OFFICIAL_CHANNELS;
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push(`OFFICIAL_CHANNELS_FILE points to ${file}, which cannot be read (${code})`);
    return undefined;
  }
  try {
    return parseOfficialChannels(text);
  } catch (error) {
    const details = error instanceof RegistryError ? error.problems : [(error as Error).message];
    for (const d of details) problems.push(`OFFICIAL_CHANNELS_FILE (${file}) is not a valid registry: ${d} (see config/official-channels.json for the shape)`);
    return undefined;
  }
}

/** The configuration as an operator may see it: every secret shown as `***`. */
export function redactConfig(config: Config): unknown {
  const mask = (v: string | undefined) => (v === undefined ? undefined : '***');
  return {
    ...config,
    adminToken: mask(config.adminToken),
    x: {
      ...config.x,
      credentials: config.x.credentials
        ? {
            appKey: '***',
            appSecret: '***',
            accessToken: '***',
            accessSecret: '***',
          }
        : undefined,
    },
    mastodon: { ...config.mastodon, accessToken: mask(config.mastodon.accessToken) },
    bluesky: { ...config.bluesky, appPassword: mask(config.bluesky.appPassword) },
    redisUrl: config.redisUrl.replace(USERINFO, '//***@'),
  };
}

/** Every secret value in the config, so loggers and responses can be scrubbed of them. */
export function secretValues(config: Config): string[] {
  const c = config.x.credentials;
  return [
    c?.appKey,
    c?.appSecret,
    c?.accessToken,
    c?.accessSecret,
    config.mastodon.accessToken,
    config.adminToken,
    config.bluesky.appPassword,
    /\/\/[^:@/?#]*:([^/?#]*)@/.exec(config.redisUrl)?.[1],
  ].filter((v): v is string => v !== undefined && v.length > 0);
}

/** The process's own environment, validated: the one place that reads `process.env`. */
export function loadConfigFromProcess(): Config {
  return loadConfig(process.env);
}
