#!/usr/bin/env node
// The `herald` command and `npm start`: plain JavaScript, so that an older Node.js says what is
// wrong instead of failing on the TypeScript (ERR_UNKNOWN_FILE_EXTENSION). Herald itself is
// bin/herald.ts, which Node 24 runs directly (type stripping).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `Herald needs Node.js 24 or newer (this is ${process.version}).\n` +
      'Install Node.js 24 (with nvm, "nvm install" here reads .nvmrc; or from https://nodejs.org),\n' +
      'or run Herald in Docker (README.md, "Running with Docker").\n',
  );
  process.exitCode = 1;
} else {
  // Node's compile cache: once a start has filled it, later starts load the TypeScript already
  // stripped and compiled, so Node's type stripper (a WebAssembly module of some 17 MB resident)
  // is never loaded. In NODE_COMPILE_CACHE if set (Node then enables it itself; the image sets
  // it), else in ~/.cache/herald: a folder of this user's, not one in a shared /tmp that another
  // user could have created and filled with code. NODE_DISABLE_COMPILE_CACHE=1 turns it off; an
  // unwritable folder turns it off too.
  const { enableCompileCache } = await import('node:module');
  const { homedir } = await import('node:os');
  enableCompileCache?.(`${homedir()}/.cache/herald/compile-cache`);
  try {
    await import('./herald.ts');
  } catch (error) {
    // The Foundation's data files (config/languages/*, the official channels) are read at import:
    // a broken one is a configuration error, said in one line like the others (exit code 2).
    if (error instanceof Error && /^(LanguageFileError|LexiconFileError|MentionModelFileError|RegistryError)$/.test(error.name)) {
      process.stderr.write(`Herald cannot start: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      throw error;
    }
  }
}
