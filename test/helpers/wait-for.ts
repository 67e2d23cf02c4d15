/**
 * Waits until `check` holds, re-checking every `intervalMs`; fails with `message` at the
 * deadline. A condition with a deadline, not a fixed sleep.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  message: string,
  { timeoutMs = 10_000, intervalMs = 25 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
