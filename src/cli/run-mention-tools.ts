import type { Command } from 'commander';

/** `herald classify` and `herald verify` (wired once the mention code lands). */
export function runMentionTools(_program: Command, _io: { setExitCode(code: number): void }): void {}
