import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The Session Technology Foundation's official channels, read from one reviewed data file
 * (`official-channels.json` beside this one, or the file `OFFICIAL_CHANNELS_FILE` names).
 *
 * Scammers impersonate the Foundation; Herald's answer to "is this official?", the "Official: …"
 * line of its replies and the links it announces without approval all come from this list, so it
 * lives in one place and nothing else hard-codes a channel.
 */
export interface OfficialChannels {
  /** Official web domains; every subdomain of one of them is official too. Lower-case ASCII. */
  domains: string[];
  /**
   * Official X accounts. `handle` is compared case-insensitively; `id` (numeric, stable across
   * renames) when both sides know it. The registry file has no ids; the account Herald posts from
   * gains its id at run time.
   */
  xAccounts: Array<{ handle: string; id?: string }>;
  /** Official Mastodon accounts, always full `user@instance`, compared lower-case. */
  mastodonAccounts: string[];
  /**
   * Official Bluesky accounts by handle (lower-case). A handle under one of `domains` is official
   * without being listed (only whoever controls the domain can hold it); `did` when known (the
   * account Herald posts from gains it at run time).
   */
  blueskyAccounts: Array<{ handle: string; did?: string }>;
  /** Official GitHub organisations (lower-case). */
  githubOrgs: string[];
  /** Store ids of the official Session Messenger listings (Apple `id…`, Google package). */
  appStoreIds: { apple: string[]; google: string[] };
  /** Hosts of official F-Droid repositories (also covered by `domains` when they are subdomains). */
  fdroidRepos: string[];
  /** Channels used before and no longer: answered "former channel", never "official". */
  former: { domains: string[]; githubOrgs: string[]; xAccounts: string[]; mastodonAccounts: string[]; blueskyAccounts: string[] };
  /**
   * Brand names that impersonators imitate (compared after confusable folding, ignoring case
   * and `_ - .` separators), so a lookalike is flagged even when it imitates no single channel.
   */
  names: string[];
  /** The channels a reply lists after "Official:", in order (domains and `@` X handles of this registry). */
  trustLine: string[];
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const X_HANDLE = /^[A-Za-z0-9_]{1,15}$/;
const MASTODON_ACCT = /^[a-z0-9_]{1,30}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const GITHUB_ORG = /^[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?$/;

const lower = z.string().trim().toLowerCase();
const domain = lower.refine((v) => DOMAIN.test(v), { error: 'must be a domain name such as getsession.org' });
const handle = z.string().trim().transform((v) => v.replace(/^@/, '')).refine((v) => X_HANDLE.test(v), { error: 'must be an X handle (letters, digits, _; at most 15)' });
const acct = lower.transform((v) => v.replace(/^@/, '')).refine((v) => MASTODON_ACCT.test(v), { error: 'must be a full Mastodon account, user@instance' });
const blueskyHandle = lower.transform((v) => v.replace(/^@/, '')).refine((v) => DOMAIN.test(v), { error: 'must be a Bluesky handle such as session.foundation' });
const org = lower.refine((v) => GITHUB_ORG.test(v), { error: 'must be a GitHub organisation name' });

const registrySchema = z
  .strictObject({
    about: z.string().optional(),
    domains: z.array(domain).min(1, { error: 'needs at least one official domain' }),
    x: z.array(z.strictObject({ handle, id: z.string().regex(/^\d{1,20}$/).optional(), about: z.string().optional() })).default([]),
    mastodon: z.array(acct).default([]),
    bluesky: z.array(blueskyHandle).default([]),
    github: z.array(org).default([]),
    apps: z
      .strictObject({
        apple: z.array(z.string().regex(/^id\d{1,20}$/, { error: 'must be an App Store id such as id1470168868' })).default([]),
        google: z.array(z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+$/, { error: 'must be an Android package name' })).default([]),
        fdroid: z.array(domain).default([]),
      })
      .default({ apple: [], google: [], fdroid: [] }),
    former: z
      .strictObject({
        about: z.string().optional(),
        domains: z.array(domain).default([]),
        github: z.array(org).default([]),
        x: z.array(handle).default([]),
        mastodon: z.array(acct).default([]),
        bluesky: z.array(blueskyHandle).default([]),
      })
      .default({ domains: [], github: [], x: [], mastodon: [], bluesky: [] }),
    names: z.array(lower.pipe(z.string().min(3))).default([]),
    trustLine: z.array(z.string().trim().min(1)).min(1, { error: 'needs at least one channel to list in replies' }),
  })
  .superRefine((registry, ctx) => {
    const handles = new Set(registry.x.map((a) => `@${a.handle.toLowerCase()}`));
    registry.trustLine.forEach((entry, i) => {
      const known = entry.startsWith('@') ? handles.has(entry.toLowerCase()) : registry.domains.includes(entry.toLowerCase());
      if (!known) ctx.addIssue({ code: 'custom', path: ['trustLine', i], message: `"${entry}" is not one of this registry's domains or X handles` });
    });
  });

/** A registry file that cannot be used: every problem, each naming the field. */
export class RegistryError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('; '));
    this.name = 'RegistryError';
    this.problems = problems;
  }
}

/** Validates a registry file's text (JSON) into `OfficialChannels`, or throws a `RegistryError`. */
export function parseOfficialChannels(text: string): OfficialChannels {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RegistryError([`not valid JSON (${(error as Error).message})`]);
  }
  const parsed = registrySchema.safeParse(json);
  if (!parsed.success) {
    throw new RegistryError(parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'file'}: ${i.message}`));
  }
  const r = parsed.data;
  return {
    domains: r.domains,
    xAccounts: r.x.map((a) => (a.id === undefined ? { handle: a.handle } : { handle: a.handle, id: a.id })),
    mastodonAccounts: r.mastodon,
    blueskyAccounts: r.bluesky.map((handle) => ({ handle })),
    githubOrgs: r.github,
    appStoreIds: { apple: r.apps.apple, google: r.apps.google },
    fdroidRepos: r.apps.fdroid,
    former: { domains: r.former.domains, githubOrgs: r.former.github, xAccounts: r.former.x, mastodonAccounts: r.former.mastodon, blueskyAccounts: r.former.bluesky },
    names: r.names,
    trustLine: r.trustLine,
  };
}

/** The registry Herald ships with (`config/official-channels.json`). */
export const DEFAULT_OFFICIAL_CHANNELS: OfficialChannels = parseOfficialChannels(
  readFileSync(new URL('./official-channels.json', import.meta.url), 'utf8'),
);

/**
 * The registry plus the accounts Herald itself posts from, as the platforms report them at
 * start: those are official by definition (and an X account gains its stable id).
 */
export function withOwnAccounts(
  channels: OfficialChannels,
  own: { x?: { handle: string; id?: string }; mastodon?: string; bluesky?: { handle: string; did: string } },
): OfficialChannels {
  let xAccounts = channels.xAccounts;
  if (own.x !== undefined) {
    const self = own.x;
    const known = xAccounts.some((a) => a.handle.toLowerCase() === self.handle.toLowerCase());
    xAccounts = known
      ? xAccounts.map((a) => (a.handle.toLowerCase() === self.handle.toLowerCase() && self.id !== undefined ? { ...a, id: self.id } : a))
      : [...xAccounts, self];
  }
  const acct = own.mastodon?.replace(/^@/, '').toLowerCase();
  const mastodonAccounts =
    acct === undefined || !acct.includes('@') || channels.mastodonAccounts.includes(acct) ? channels.mastodonAccounts : [...channels.mastodonAccounts, acct];
  return { ...channels, xAccounts, mastodonAccounts, blueskyAccounts: withOwnBluesky(channels.blueskyAccounts, own.bluesky) };
}

/** The Bluesky account Herald posts from, with its DID (added when the registry does not list it). */
function withOwnBluesky(accounts: OfficialChannels['blueskyAccounts'], own: { handle: string; did: string } | undefined): OfficialChannels['blueskyAccounts'] {
  if (own === undefined) return accounts;
  const handle = own.handle.replace(/^@/, '').toLowerCase();
  const known = accounts.some((a) => a.handle === handle);
  return known ? accounts.map((a) => (a.handle === handle ? { ...a, did: own.did } : a)) : [...accounts, { handle, did: own.did }];
}
