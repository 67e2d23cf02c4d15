import type { Agent, AtpSessionData, AtpSessionEvent, CredentialSession } from '@atproto/api';
import type { Logger } from 'pino';
import type { SessionStore } from '../../ports/session-store.ts';
import { classifyBlueskyError, isAuthFailure, loginRefused } from './classify-bluesky-error.ts';

export type Atproto = typeof import('@atproto/api');

let loading: Promise<Atproto> | undefined;

/**
 * `@atproto/api` (about 14 MB on disk, some 60 MB of memory and most of a second to load) is
 * imported the first time Bluesky is used, so a Herald without Bluesky never pays for it.
 */
export function loadAtproto(): Promise<Atproto> {
  loading ??= import('@atproto/api');
  return loading;
}

export interface BlueskyAccount {
  /** Where sessions are created (BLUESKY_SERVICE). */
  service: string;
  /** The handle or DID to log in with. */
  identifier: string;
  appPassword: string;
}

export interface ConnectionOptions {
  sessions: SessionStore;
  /** Deadline of every call. */
  timeoutMs: number;
  /** Aborts calls in flight when the service stops. */
  stopSignal?: AbortSignal;
  log?: Logger;
}

interface SavedSession {
  session: AtpSessionData;
  pdsUrl?: string;
}

/**
 * One Bluesky account's connection: the agent, and its session kept in the session store.
 *
 * Logging in (`createSession`) is limited to 30 per 5 minutes and 300 a day per account, so a
 * session outlives the process: it is saved after every login and refresh, and a starting process
 * (or another replica) adopts the saved one. An expired access token is refreshed by the client
 * itself; Herald logs in again only when refreshing fails (after first trying a newer session
 * another replica may have saved). Tokens are never logged.
 */
export class BlueskyConnection {
  readonly account: BlueskyAccount;
  readonly #options: ConnectionOptions;
  #credentials: CredentialSession | undefined;
  #agent: Agent | undefined;
  #saving: Promise<void> = Promise.resolve();
  #sessionWork: Promise<void> = Promise.resolve();

  constructor(account: BlueskyAccount, options: ConnectionOptions) {
    this.account = account;
    this.#options = options;
  }

  /** The account's DID (from the session: no call when one is saved). */
  async did(): Promise<string> {
    return (await this.#ready('reading the session')).credentials.session!.did;
  }

  /** The account's handle, as the session reports it. */
  async handle(): Promise<string> {
    return (await this.#ready('reading the session')).credentials.session!.handle;
  }

  /**
   * Runs one call with a live session, classified into the platform errors. A call refused for its
   * session (after the client's own refresh) gets a new session and runs once more: a refused call
   * never reached the repository, so repeating it cannot duplicate anything.
   */
  async call<T>(action: string, run: (agent: Agent) => Promise<T>): Promise<T> {
    const { agent, credentials } = await this.#ready(action);
    const used = credentials.session?.refreshJwt;
    try {
      return await run(agent);
    } catch (error) {
      if (!isAuthFailure(error)) throw classifyBlueskyError(error, action);
      await this.#recover(credentials, used, action);
      try {
        return await run(agent);
      } catch (again) {
        throw classifyBlueskyError(again, action);
      }
    } finally {
      await this.#saving;
    }
  }

  /** The agent with a session: the saved one, else a login. One at a time (two first calls make one login). */
  async #ready(action: string): Promise<{ agent: Agent; credentials: CredentialSession }> {
    await this.#exclusive(async () => {
      if (this.#credentials === undefined || this.#agent === undefined) {
        const atproto = await loadAtproto();
        this.#credentials = new atproto.CredentialSession(new URL(this.account.service), this.#fetch, (event, session) => this.#persist(event, session));
        this.#agent = new atproto.Agent(this.#credentials);
      }
      if (this.#credentials.hasSession) return;
      const saved = await this.#saved();
      if (saved !== undefined) this.#adopt(this.#credentials, saved);
      else await this.#login(this.#credentials, action);
    });
    return { agent: this.#agent!, credentials: this.#credentials! };
  }

  /**
   * After a refused session: nothing if another call already replaced it; else a newer one saved
   * by another replica, if it still works; else a login.
   */
  async #recover(credentials: CredentialSession, failed: string | undefined, action: string): Promise<void> {
    await this.#exclusive(async () => {
      const current = credentials.session?.refreshJwt;
      if (current !== undefined && current !== failed) return;
      const saved = await this.#saved();
      if (saved !== undefined && saved.session.refreshJwt !== failed) {
        this.#adopt(credentials, saved);
        try {
          await credentials.refreshSession();
          return;
        } catch (error) {
          if (!isAuthFailure(error)) throw classifyBlueskyError(error, action);
        }
      }
      await this.#login(credentials, action);
    });
  }

  /** Runs session work one piece at a time, in order (a failure does not block the next). */
  #exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.#sessionWork.then(work, work);
    this.#sessionWork = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async #login(credentials: CredentialSession, action: string): Promise<void> {
    this.#options.log?.info({ platform: 'bluesky', action }, 'Bluesky: logging in (no usable saved session)');
    try {
      await credentials.login({ identifier: this.account.identifier, password: this.account.appPassword });
    } catch (error) {
      throw loginRefused(error);
    } finally {
      await this.#saving;
    }
  }

  #adopt(credentials: CredentialSession, saved: SavedSession): void {
    credentials.session = saved.session;
    credentials.pdsUrl = saved.pdsUrl === undefined ? undefined : new URL(saved.pdsUrl);
  }

  async #saved(): Promise<SavedSession | undefined> {
    const raw = await this.#options.sessions.get('bluesky', this.account.identifier);
    if (raw === undefined) return undefined;
    try {
      const saved = JSON.parse(raw) as SavedSession;
      return typeof saved.session?.accessJwt === 'string' && typeof saved.session.refreshJwt === 'string' ? saved : undefined;
    } catch {
      return undefined;
    }
  }

  #persist(event: AtpSessionEvent, session: AtpSessionData | undefined): void {
    if ((event !== 'create' && event !== 'update') || session === undefined) return;
    const saved: SavedSession = { session, pdsUrl: this.#credentials?.pdsUrl?.href };
    this.#saving = this.#options.sessions.set('bluesky', this.account.identifier, JSON.stringify(saved)).catch((error: Error) => {
      this.#options.log?.warn({ platform: 'bluesky', error: error.message }, 'Bluesky: could not save the session (the next start logs in again)');
    });
  }

  /** Every call with a deadline, aborted too when the service stops. */
  readonly #fetch = (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const signals = [AbortSignal.timeout(this.#options.timeoutMs)];
    if (this.#options.stopSignal) signals.push(this.#options.stopSignal);
    if (init?.signal) signals.push(init.signal);
    return fetch(input, { ...init, signal: AbortSignal.any(signals) });
  };
}
