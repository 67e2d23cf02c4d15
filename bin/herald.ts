#!/usr/bin/env node
import { runCli } from '../src/cli/run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2));
