/**
 * Rebuilds the image's file system from the Dockerfile without Docker: each stage gets a folder
 * standing for its root file system, and its instructions are replayed in order:
 *
 * - WORKDIR, ENV, USER, CMD, ENTRYPOINT, HEALTHCHECK, EXPOSE, STOPSIGNAL, LABEL: recorded;
 * - COPY from the build context: the named paths, with `.dockerignore` applied (a source that
 *   ends up empty is an error, as in `docker build`); COPY --from=<stage>: from that stage's
 *   folder, symlinks verbatim;
 * - RUN: each `&&`-separated command is run (`npm ci ...`, with the machine's npm, exactly the
 *   arguments written), reproduced (`ln -s`), or skipped when it only touches operating-system
 *   packages (apt-get). Anything else fails: teach this file before adding it to the Dockerfile.
 *
 * Files that move between stages (COPY --from, a reused install) are hard links where the file
 * system allows, copies otherwise: the same bytes and modes as docker's copy, in a fraction of
 * the time (the production node_modules is some 13,000 files).
 *
 * A stage built FROM a `node:*` image gets the running Node binary at /usr/local/bin/node, as
 * the official image has it. Nothing else of the base image exists, and the folders live under
 * os.tmpdir(), where no node_modules of the repository can be reached.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import type { Healthcheck, Instruction } from 'dockerfile-ast';
import { readDockerIgnore } from './docker-context.ts';
import { argumentsOf, execForm, flagsOf, healthcheckOf, parseDockerfile, propertiesOf, runChain, type Stage } from './dockerfile-model.ts';

/** The PATH of the official node images. */
export const NODE_IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface ReplayedStage {
  stage: Stage;
  /** The folder standing for the stage's `/`. */
  rootfs: string;
  workdir: string;
  env: Record<string, string>;
  user: string | undefined;
  cmd: string[] | undefined;
  entrypoint: string[] | undefined;
  healthcheck: { flags: Map<string, string | null>; command: string[] } | undefined;
  labels: Record<string, string>;
  expose: string[];
  stopSignal: string | undefined;
  /** Commands run (npm ci ...), reproduced (ln -s ...) and skipped (apt-get ...), as written. */
  ran: string[];
  reproduced: string[];
  skipped: string[];
}

export interface ReplayedImage {
  /** The temporary folder holding every stage; remove it with `dispose()`. */
  dir: string;
  stages: ReplayedStage[];
  final: ReplayedStage;
  /** A path inside the final image, as a path on this machine. */
  hostPath(containerPath: string): string;
  dispose(): void;
}

/** OS package commands the replay may skip: only packages the Node process does not load. */
const SKIPPABLE_PACKAGES = new Set(['tini', 'ca-certificates']);

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => {
      output += String(c);
    });
    child.stderr.on('data', (c) => {
      output += String(c);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code} in ${cwd}:\n${output}`));
    });
  });
}

/**
 * `src` (a folder's contents, or a file) at `dest`, every file hard-linked — or copied with its
 * mode when linking is refused (another file system) — and symlinks verbatim: `cpSync`'s result
 * without writing the bytes again.
 */
function linkTree(src: string, dest: string): void {
  const stat = lstatSync(src);
  if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(src), dest);
    return;
  }
  if (!stat.isDirectory()) {
    try {
      linkSync(src, dest);
    } catch {
      copyFileSync(src, dest);
      chmodSync(dest, stat.mode & 0o7777);
    }
    return;
  }
  mkdirSync(dest, { recursive: true });
  chmodSync(dest, stat.mode & 0o7777);
  for (const name of readdirSync(src)) linkTree(join(src, name), join(dest, name));
}

/** Files below `dir` (or `dir` itself if a file), as paths relative to `base`. */
function walk(base: string, dir: string): string[] {
  const full = join(base, dir);
  const stat = lstatSync(full);
  if (!stat.isDirectory()) return [dir];
  return readdirSync(full).flatMap((name) => walk(base, dir === '' ? name : `${dir}/${name}`));
}

export interface ReplayOptions {
  context: string;
  dockerfile?: string;
  /**
   * An image already replayed from a context with the same package.json and package-lock.json:
   * its stages' `npm ci` output is copied instead of installing again (the lockfile decides the
   * packages either way). For replays that test something other than the install.
   */
  installedFrom?: ReplayedImage;
}

/**
 * The node_modules that `npm ci` produced in the same stage of `image`, when the package.json
 * and package-lock.json it installed from are the ones in `installing` (the folder about to run
 * it); otherwise undefined, and the install runs.
 */
function installedNodeModules(image: ReplayedImage | undefined, stage: Stage, installing: string): string | undefined {
  const source = image?.stages.find((s) => s.stage.index === stage.index && s.ran.some((c) => c.startsWith('npm ci')));
  if (!source) return undefined;
  const installed = join(source.rootfs, posix.resolve(source.workdir, '.'));
  const same = (file: string) =>
    existsSync(join(installed, file)) && existsSync(join(installing, file)) && readFileSync(join(installed, file)).equals(readFileSync(join(installing, file)));
  return same('package.json') && same('package-lock.json') && existsSync(join(installed, 'node_modules')) ? join(installed, 'node_modules') : undefined;
}

export async function replayImage(options: ReplayOptions): Promise<ReplayedImage> {
  const context = options.context;
  const parsed = parseDockerfile(options.dockerfile ?? join(context, 'Dockerfile'));
  const ignore = readDockerIgnore(join(context, '.dockerignore'));
  const dir = mkdtempSync(join(tmpdir(), 'herald-image-'));
  // Readable by an unprivileged user: the final stage's USER runs the service from here.
  chmodSync(dir, 0o755);
  const stages: ReplayedStage[] = [];

  for (const stage of parsed.stages) {
    const rootfs = join(dir, `stage-${stage.index}${stage.name ? `-${stage.name}` : ''}`);
    const previous = stages.find((s) => s.stage.name !== undefined && s.stage.name === stage.base);
    const state: ReplayedStage = previous
      ? {
          ...previous,
          stage,
          rootfs,
          env: { ...previous.env },
          labels: { ...previous.labels },
          expose: [...previous.expose],
          ran: [],
          reproduced: [],
          skipped: [],
        }
      : {
          stage,
          rootfs,
          workdir: '/',
          env: { PATH: NODE_IMAGE_PATH },
          user: undefined,
          cmd: undefined,
          entrypoint: undefined,
          healthcheck: undefined,
          labels: {},
          expose: [],
          stopSignal: undefined,
          ran: [],
          reproduced: [],
          skipped: [],
        };
    if (previous) linkTree(previous.rootfs, rootfs);
    else mkdirSync(rootfs, { recursive: true });
    if (!previous && /^(docker\.io\/)?(library\/)?node:/.test(stage.base)) {
      mkdirSync(join(rootfs, 'usr/local/bin'), { recursive: true });
      try {
        linkSync(process.execPath, join(rootfs, 'usr/local/bin/node'));
      } catch {
        copyFileSync(process.execPath, join(rootfs, 'usr/local/bin/node'));
      }
    }
    const inImage = (path: string) => join(rootfs, posix.resolve(state.workdir, path));

    for (const instruction of stage.instructions) {
      await replayInstruction(instruction);
    }
    stages.push(state);

    async function replayInstruction(instruction: Instruction): Promise<void> {
      const keyword = instruction.getKeyword();
      switch (keyword) {
        case 'WORKDIR': {
          state.workdir = posix.resolve(state.workdir, argumentsOf(instruction).join(' '));
          mkdirSync(inImage('.'), { recursive: true });
          return;
        }
        case 'ENV':
          for (const [name, value] of propertiesOf(instruction)) state.env[name] = value;
          return;
        case 'LABEL':
          for (const [name, value] of propertiesOf(instruction)) state.labels[name] = value;
          return;
        case 'USER':
          state.user = argumentsOf(instruction).join(' ');
          return;
        case 'CMD':
          state.cmd = execForm(instruction);
          return;
        case 'ENTRYPOINT':
          state.entrypoint = execForm(instruction);
          return;
        case 'HEALTHCHECK':
          state.healthcheck = healthcheckOf(parsed, instruction as Healthcheck);
          return;
        case 'EXPOSE':
          state.expose.push(...argumentsOf(instruction));
          return;
        case 'STOPSIGNAL':
          state.stopSignal = argumentsOf(instruction).join(' ');
          return;
        case 'COPY':
          copy(instruction);
          return;
        case 'RUN':
          for (const command of runChain(instruction)) await runCommand(command, instruction);
          return;
        default:
          throw new Error(`the container tests do not reproduce ${keyword}: ${instruction.toString()}`);
      }
    }

    function copy(instruction: Instruction): void {
      const flags = flagsOf(instruction);
      for (const name of flags.keys()) {
        if (name !== 'from') throw new Error(`COPY --${name} is not reproduced by the container tests`);
      }
      const args = argumentsOf(instruction);
      const dest = args.at(-1);
      const sources = args.slice(0, -1);
      if (dest === undefined || sources.length === 0) throw new Error(`COPY needs a source and a destination: ${instruction.toString()}`);
      if (sources.length > 1 && !dest.endsWith('/')) throw new Error(`COPY with several sources needs a destination ending in /: ${instruction.toString()}`);
      const from = flags.get('from');
      for (const source of sources) {
        if (/[*?[]/.test(source)) throw new Error(`COPY wildcards are not reproduced by the container tests: ${source}`);
        const destPath = inImage(dest);
        if (from !== undefined && from !== null) {
          const origin = stages.find((s) => s.stage.name === from || String(s.stage.index) === from);
          if (!origin) throw new Error(`COPY --from=${from}: no such earlier stage (images are not pulled)`);
          const src = join(origin.rootfs, posix.resolve('/', source));
          if (!existsSync(src)) throw new Error(`COPY --from=${from} ${source}: the stage has no such path`);
          // A folder's contents go into the destination; a file goes to dest/ or becomes dest.
          const target = !statSync(src).isDirectory() && dest.endsWith('/') ? join(destPath, posix.basename(source)) : destPath;
          mkdirSync(dirname(target), { recursive: true });
          linkTree(src, target);
          continue;
        }
        const clean = posix.normalize(source).replace(/^(\.\/)+/, '').replace(/\/+$/, '');
        if (clean.startsWith('..')) throw new Error(`COPY ${source}: outside the build context`);
        const srcFull = join(context, clean);
        if (!existsSync(srcFull)) throw new Error(`COPY ${source}: not in the build context`);
        const isDir = statSync(srcFull).isDirectory();
        const files = walk(context, clean === '.' ? '' : clean).filter((f) => !ignore.excludes(f));
        if (files.length === 0) throw new Error(`COPY ${source}: everything is excluded by .dockerignore (docker build fails the same way)`);
        for (const file of files) {
          const target = isDir
            ? join(destPath, relative(srcFull, join(context, file)))
            : dest.endsWith('/')
              ? join(destPath, posix.basename(file))
              : destPath;
          mkdirSync(dirname(target), { recursive: true });
          const original = join(context, file);
          if (lstatSync(original).isSymbolicLink()) {
            symlinkSync(readlinkSync(original), target);
          } else {
            copyFileSync(original, target);
            chmodSync(target, statSync(original).mode & 0o7777);
          }
        }
      }
    }

    async function runCommand(command: string[], instruction: Instruction): Promise<void> {
      const [program, ...args] = command;
      const written = command.join(' ');
      if (program === 'npm' && args[0] === 'ci') {
        const installed = installedNodeModules(options.installedFrom, stage, inImage('.'));
        if (installed) {
          linkTree(installed, inImage('node_modules'));
          state.reproduced.push(written);
          return;
        }
        // The packages are the lockfile's either way; prefer the npm cache that CI's own npm ci filled
        // (each registry round trip made this test take minutes).
        await run('npm', args, inImage('.'), { ...process.env, ...state.env, PATH: process.env.PATH ?? '', NODE_PATH: '', npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' });
        state.ran.push(written);
        return;
      }
      if (program === 'ln' && args.length === 3 && args[0] === '-s') {
        const [, target, link] = args as [string, string, string];
        const linkPath = inImage(link);
        const targetPath = join(rootfs, posix.resolve(state.workdir, target));
        if (!existsSync(targetPath)) throw new Error(`${written}: ${target} does not exist in the image`);
        mkdirSync(dirname(linkPath), { recursive: true });
        symlinkSync(targetPath, linkPath);
        state.reproduced.push(written);
        return;
      }
      if (program === 'apt-get' && (args[0] === 'update' || args[0] === 'install')) {
        const packages = args[0] === 'install' ? args.slice(1).filter((a) => !a.startsWith('-')) : [];
        const unknown = packages.filter((p) => !SKIPPABLE_PACKAGES.has(p));
        if (unknown.length > 0) {
          throw new Error(`${written}: the container tests cannot reproduce OS packages ${unknown.join(', ')} (only ${[...SKIPPABLE_PACKAGES].join(', ')} may be skipped)`);
        }
        state.skipped.push(written);
        return;
      }
      if (program === 'rm' && args[0] === '-rf' && args.slice(1).every((a) => a.startsWith('/var/lib/apt/lists'))) {
        state.skipped.push(written);
        return;
      }
      throw new Error(`the container tests do not know how to reproduce "${written}" (${instruction.toString()}): teach test/container/replay-image.ts`);
    }
  }

  const final = stages.at(-1)!;
  return {
    dir,
    stages,
    final,
    hostPath: (containerPath) => join(final.rootfs, posix.resolve(final.workdir, containerPath)),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
