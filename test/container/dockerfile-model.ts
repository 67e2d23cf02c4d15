/**
 * The Dockerfile, parsed with dockerfile-ast (a real parser, no regular expressions over the
 * file), as the container tests need it: stages in order, each with its instructions, and
 * helpers to read exec-form commands, ENV/LABEL properties, flags and RUN command chains.
 */
import { readFileSync } from 'node:fs';
import {
  type Dockerfile,
  DockerfileParser,
  type Flag,
  type Healthcheck,
  type Instruction,
  JSONInstruction,
  ModifiableInstruction,
  PropertyInstruction,
} from 'dockerfile-ast';

export interface Stage {
  index: number;
  /** `AS <name>`, if any. */
  name: string | undefined;
  /** The FROM image as written, e.g. `node:24-slim` (or a previous stage's name). */
  base: string;
  /** The instructions after FROM, in order. */
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  text: string;
  dockerfile: Dockerfile;
  stages: Stage[];
  finalStage: Stage;
}

export function parseDockerfile(path: string): ParsedDockerfile {
  const text = readFileSync(path, 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const args = instruction.getArguments().map((a) => a.getValue());
      const asAt = args.findIndex((a) => a.toUpperCase() === 'AS');
      stages.push({
        index: stages.length,
        name: asAt >= 0 ? args[asAt + 1] : undefined,
        base: args.find((a) => !a.startsWith('--')) ?? '',
        instructions: [],
      });
    } else if (keyword === 'ARG' && stages.length === 0) {
      throw new Error('ARG before FROM is not supported by the container tests');
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  const finalStage = stages.at(-1);
  if (!finalStage) throw new Error('the Dockerfile has no FROM');
  return { text, dockerfile, stages, finalStage };
}

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.getKeyword() === keyword);
}

/** The last instruction of a kind in a stage (CMD, USER, ...: the last one wins). */
export function lastOf(stage: Stage, keyword: string): Instruction | undefined {
  return instructionsOf(stage, keyword).at(-1);
}

export function argumentsOf(instruction: Instruction): string[] {
  return instruction.getArguments().map((a) => a.getValue());
}

export function flagsOf(instruction: Instruction): Map<string, string | null> {
  const flags: Flag[] = instruction instanceof ModifiableInstruction ? instruction.getFlags() : [];
  return new Map(flags.map((f) => [f.getName(), f.getValue()]));
}

/** The exec (JSON) form of CMD / ENTRYPOINT / RUN; throws on the shell form. */
export function execForm(instruction: Instruction): string[] {
  if (!(instruction instanceof JSONInstruction) || instruction.getJSONStrings().length === 0) {
    throw new Error(`${instruction.getKeyword()} must use the exec (JSON) form: ${instruction.toString()}`);
  }
  return instruction.getJSONStrings().map((s) => s.getJSONValue());
}

/** ENV / LABEL key-value pairs, values with quotes and escapes resolved. */
export function propertiesOf(instruction: Instruction): Array<[string, string]> {
  if (!(instruction instanceof PropertyInstruction)) throw new Error(`${instruction.getKeyword()} has no properties`);
  return instruction.getProperties().map((p) => [p.getName(), p.getValue() ?? '']);
}

function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + character;
}

/** HEALTHCHECK's flags and the command of its `CMD` subcommand (exec form). */
export function healthcheckOf(parsed: ParsedDockerfile, instruction: Healthcheck): { flags: Map<string, string | null>; command: string[] } {
  const sub = instruction.getSubcommand();
  if (sub?.getValue().toUpperCase() !== 'CMD') throw new Error('HEALTHCHECK must have a CMD');
  const start = offsetAt(parsed.text, sub.getRange().end.line, sub.getRange().end.character);
  const range = instruction.getRange();
  const end = offsetAt(parsed.text, range.end.line, range.end.character);
  const json = parsed.text.slice(start, end).replace(/\\\r?\n/g, '').trim();
  const command = JSON.parse(json) as unknown;
  if (!Array.isArray(command) || !command.every((c) => typeof c === 'string')) {
    throw new Error(`HEALTHCHECK CMD must use the exec (JSON) form, got ${json}`);
  }
  return { flags: flagsOf(instruction), command };
}

/** A shell-form RUN as its `&&`-separated commands, each split into words. */
export function runChain(instruction: Instruction): string[][] {
  if (instruction instanceof JSONInstruction && instruction.getJSONStrings().length > 0) {
    return [execForm(instruction)];
  }
  const chain: string[][] = [[]];
  for (const word of argumentsOf(instruction)) {
    if (word === '&&') chain.push([]);
    else if (/[;|<>`$]/.test(word)) throw new Error(`RUN uses shell syntax the container tests do not reproduce (${word}): ${instruction.toString()}`);
    else chain.at(-1)!.push(word);
  }
  return chain.filter((c) => c.length > 0);
}
