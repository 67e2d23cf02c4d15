#!/usr/bin/env node
import { loadConfigFromProcess } from '../config/load-config.ts';
import { runCli } from '../src/adapters/cli/run-cli.ts';
import { doctorDeps, openOperator, previewDeps, startService } from './wiring.ts';

process.exitCode = await runCli(process.argv.slice(2), { loadConfig: loadConfigFromProcess, startService, openOperator, previewDeps, doctorDeps });
