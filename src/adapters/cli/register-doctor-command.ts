import type { Command } from 'commander';
import { ConfigError } from '../../../config/load-config.ts';
import { checkNode, doctorChecks } from '../../core/operate/doctor-checks.ts';
import { type DoctorReport, runDoctor } from '../../core/operate/run-doctor.ts';
import type { CliContext } from './cli-context.ts';
import { formatDoctor } from './format-doctor.ts';

/** With a configuration that does not validate, the doctor says so (and what it could still check). */
function configFailed(error: ConfigError): DoctorReport {
  return {
    ok: false,
    checks: [
      checkNode(process.versions.node),
      { name: 'config', ok: false, detail: error.problems.join('; '), fix: 'Fix the variables named (README.md, "Configuration"); the other checks need a valid configuration.' },
    ],
  };
}

/**
 * `herald doctor [--json]`: Node, the configuration, Redis (reachable, appendonly, noeviction),
 * each feed, each platform's credentials and the clock; exit 0 only when every check passes.
 */
export function registerDoctorCommand(program: Command, cli: CliContext): void {
  program
    .command('doctor')
    .description('check Node, the configuration, Redis, the feeds, the X and Mastodon credentials and the clock; exit 0 only if all pass')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      let report: DoctorReport;
      try {
        const config = cli.config();
        const session = await cli.deps.doctorDeps(config);
        try {
          report = await runDoctor(doctorChecks(session.deps));
        } finally {
          await session.close();
        }
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        report = configFailed(error);
      }
      if (!report.ok) cli.fail();
      if (options.json) cli.json(report);
      else cli.print(formatDoctor(report));
    });
}
