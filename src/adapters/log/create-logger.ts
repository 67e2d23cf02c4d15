import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Values that must never reach a log line (tokens, keys); scrubbed from every line. */
  secrets: readonly string[];
  /** Pretty, human-readable lines (a terminal); JSON otherwise. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

function escapeForJson(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * pino, JSON by default. Secrets are kept out twice: nothing logs them on purpose, and as a
 * last line of defence every serialised line is scrubbed of every secret value (as written
 * and as JSON-escaped) before it is written.
 */
export function createLogger(options: LoggerOptions): Logger {
  const needles = [...new Set(options.secrets.flatMap((s) => [s, escapeForJson(s)]))]
    .filter((s) => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  const scrub = (line: string) => {
    let out = line;
    for (const needle of needles) out = out.split(needle).join('***');
    return out;
  };
  const base = {
    level: options.level,
    base: { service: 'herald' },
    redact: {
      paths: ['*.authorization', '*.Authorization', '*.headers.authorization', 'config.x.credentials'],
      censor: '***',
    },
    hooks: { streamWrite: scrub },
  };
  if (options.pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return options.destination ? pino(base, options.destination) : pino(base);
}
