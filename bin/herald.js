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
  await import('./herald.ts');
}
