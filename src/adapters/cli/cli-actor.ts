import { hostname, userInfo } from 'node:os';

/** Who runs this CLI, for the audit log: `cli <OS user>@<host>` (the uid when the user has no name). */
export function cliActor(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = `uid ${process.getuid?.() ?? 'unknown'}`;
  }
  return `cli ${user}@${hostname()}`;
}
