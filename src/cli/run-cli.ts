import { Command, CommanderError } from 'commander';
import { ConfigError, type Config, loadConfigFromProcess, redactConfig } from '../../config/load-config.ts';
import { runStart } from './run-start.ts';

function loadConfigOrExplain(): Config {
  try {
    return loadConfigFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`herald: ${error.message}\nSee README.md ("Configuration") for every variable.\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** The `herald` command line. Returns the exit code (0 only on success). */
export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('herald')
    .description('Herald: announces every new Session Technology Foundation post on X and Mastodon, exactly once.')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('start')
    .description('run the service: poll the feeds, publish, answer health checks (what `npm start` runs)')
    .action(async () => {
      await runStart(loadConfigOrExplain());
    });

  program
    .command('config')
    .description('print the effective configuration, secrets shown as ***')
    .option('--json', 'machine-readable output')
    .action((options: { json?: boolean }) => {
      const shown = redactConfig(loadConfigOrExplain());
      process.stdout.write(`${JSON.stringify(shown, null, options.json ? 0 : 2)}\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : error.exitCode || 1;
    process.stderr.write(`herald: ${(error as Error).message}\n`);
    return 1;
  }
}
