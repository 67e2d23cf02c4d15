import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../../config/load-config.ts';
import { PrefixConflictError } from '../../core/operate/claim-prefix.ts';
import { auditAction } from '../../core/operate/audit-action.ts';
import type { OperatorContext } from '../../core/operate/operator-context.ts';
import { cliActor } from './cli-actor.ts';
import type { CliContext, CliDeps, CliIo } from './cli-context.ts';
import { registerOperatorCommands } from './register-operator-commands.ts';
import { runMentionTools } from './run-mention-tools.ts';
import { runStart } from './run-start.ts';

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdin: process.stdin,
};

function cliContext(deps: CliDeps, io: CliIo, setExitCode: (code: number) => void): CliContext {
  const print = (text: string) => io.out(text.endsWith('\n') ? text : `${text}\n`);
  const config = () => deps.loadConfig();
  const withOperator = async <T>(action: (ctx: OperatorContext) => Promise<T>) => {
    const session = await deps.openOperator(config());
    try {
      return await action({ ...session.ctx, actor: deps.actor ?? cliActor() });
    } finally {
      await session.close();
    }
  };
  return {
    io,
    deps,
    config,
    fail: () => setExitCode(1),
    print,
    json: (value) => print(JSON.stringify(value)),
    withOperator,
    withAudit: (name, args, action) => withOperator((ctx) => auditAction(ctx, name, args, () => action(ctx))),
  };
}

/**
 * The `herald` command line. Returns the exit code: 0 only on success, 2 for a configuration
 * that does not validate or another configuration live on the prefix, 1 for anything else that went wrong.
 */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const io = deps.io ?? processIo;
  let exitCode = 0;
  const cli = cliContext(deps, io, (code) => {
    exitCode = code;
  });
  const program = new Command('herald')
    .description('Herald: announces every new Session Technology Foundation post on X and Mastodon, exactly once.')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError();
  program
    .command('start')
    .description('run the service: poll the feeds, publish, answer health checks (what `npm start` runs)')
    .action(async () => {
      await runStart(cli.config(), deps.startService);
    });
  registerOperatorCommands(program, cli);
  runMentionTools(program, cli);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : error.exitCode || 1;
    if (error instanceof ConfigError) {
      io.err(`herald: ${error.message}\nSee README.md ("Configuration") for every variable.\n`);
      return 2;
    }
    if (error instanceof PrefixConflictError) {
      io.err(`herald: ${error.message}\n`);
      return 2;
    }
    io.err(`herald: ${(error as Error).message}\n`);
    return 1;
  }
}
