import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Config } from '../../../config/load-config.ts';
import type { DoctorDeps } from '../../core/operate/doctor-checks.ts';
import type { OperatorContext } from '../../core/operate/operator-context.ts';
import type { PreviewDeps } from '../../core/operate/preview-feed.ts';

/** Where the CLI reads and writes: the process's own streams, or a test's buffers. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  stdin: Readable;
}

/** An operator context on the configured store, open for one command. */
export interface OperatorSession {
  ctx: OperatorContext;
  close(): Promise<void>;
}

/**
 * What the CLI needs from outside, handed in by bin/herald.ts (the CLI never builds stores,
 * queues or the service itself).
 */
export interface CliDeps {
  /** The validated configuration; throws `ConfigError` listing every problem. */
  loadConfig(): Config;
  startService(config: Config, log: Logger): Promise<{ stop(): Promise<void> }>;
  /** Opens the store and queues (fails fast with an `OperatorError` when Redis does not answer). */
  openOperator(config: Config): Promise<OperatorSession>;
  previewDeps(config: Config): PreviewDeps;
  /** What `herald doctor` checks with (its own short-lived connections, closed afterwards). */
  doctorDeps(config: Config): Promise<{ deps: DoctorDeps; close(): Promise<void> }>;
  io?: CliIo;
  /** Who acts, for the audit log (default: `cli <OS user>@<host>`). */
  actor?: string;
}

/** What each command's action uses. */
export interface CliContext {
  io: CliIo;
  deps: CliDeps;
  /** The configuration, or a `ConfigError` that the CLI turns into exit code 2. */
  config(): Config;
  withOperator<T>(action: (ctx: OperatorContext) => Promise<T>): Promise<T>;
  /** `withOperator`, with the action appended to the audit log (actor, time, arguments, outcome). */
  withAudit<T>(name: string, args: Record<string, unknown>, action: (ctx: OperatorContext) => Promise<T>): Promise<T>;
  fail(): void;
  /** One line of output (a newline is added when missing). */
  print(text: string): void;
  json(value: unknown): void;
}
