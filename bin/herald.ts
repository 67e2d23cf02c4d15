#!/usr/bin/env node
import { loadConfigFromProcess } from '../config/load-config.ts';
import { mentionModel } from '../config/mention-model.ts';
import { runCli } from '../src/adapters/cli/run-cli.ts';
import { doctorDeps, openOperator, previewDeps, startService } from './wiring.ts';

// The classifier's weights are data like the lexicons: a broken file stops start-up (bin/herald.js says it in one line).
mentionModel();
process.exitCode = await runCli(process.argv.slice(2), { loadConfig: loadConfigFromProcess, startService, openOperator, previewDeps, doctorDeps });
