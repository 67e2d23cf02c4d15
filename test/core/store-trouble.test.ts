import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/memory/manual-clock.ts';
import { storeTroubleReporter, type TroubleLog } from '../../src/core/operate/store-trouble.ts';

function recordingLog() {
  const lines: Array<{ level: 'warn' | 'info'; fields: Record<string, unknown>; message: string }> = [];
  const log: TroubleLog = {
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
  };
  return { log, lines };
}

const refused = new Error('connect ECONNREFUSED 127.0.0.1:6390');

describe('the Redis trouble reporter', () => {
  it('an outage: one warning at once, then at most one a minute, then one line on recovery', () => {
    const clock = new ManualClock();
    const { log, lines } = recordingLog();
    const reporter = storeTroubleReporter(clock, log);
    // Ten connections failing every 200 ms for 150 s: 7,500 errors.
    for (let t = 0; t < 750; t++) {
      for (let c = 0; c < 10; c++) reporter.failed(`connection-${c}`, refused);
      clock.advance(200);
    }
    reporter.recovered();
    expect(lines.map((l) => l.level)).toEqual(['warn', 'warn', 'warn', 'info']);
    expect(lines[0]!.message).toMatch(/^Redis unreachable/);
    expect(lines[0]!.fields).toMatchObject({ connection: 'connection-0', error: refused.message, errors: 1 });
    expect(lines[1]!.message).toMatch(/^Redis still unreachable/);
    expect(lines[1]!.fields).toMatchObject({ downSeconds: 60 });
    expect(lines[2]!.fields).toMatchObject({ downSeconds: 120 });
    expect(lines[3]!).toMatchObject({ message: 'Redis reachable again: resuming', fields: { downSeconds: 150 } });
    // Each repeat counts the errors seen since the line before (a minute of ten connections).
    expect(lines[1]!.fields.errors).toBe(3000);
  });

  it('ready without an outage says nothing; a later outage warns again', () => {
    const clock = new ManualClock();
    const { log, lines } = recordingLog();
    const reporter = storeTroubleReporter(clock, log);
    reporter.recovered();
    expect(lines).toEqual([]);
    reporter.failed('main', refused);
    clock.advance(5_000);
    reporter.recovered();
    reporter.recovered();
    clock.advance(10 * 60_000);
    reporter.failed('main', refused);
    expect(lines.map((l) => `${l.level} ${l.message.split(':')[0]}`)).toEqual(['warn Redis unreachable', 'info Redis reachable again', 'warn Redis unreachable']);
  });

  it('a flapping Redis still warns at most once a minute', () => {
    const clock = new ManualClock();
    const { log, lines } = recordingLog();
    const reporter = storeTroubleReporter(clock, log);
    for (let i = 0; i < 30; i++) {
      reporter.failed('main', refused);
      clock.advance(1_000);
      reporter.recovered();
      clock.advance(1_000);
    }
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
  });
});
