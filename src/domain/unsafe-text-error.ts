/**
 * The text about to be posted failed the last check before the platform call (a link or an
 * account that is not official, an altered footer). Final: the job fails for good, nothing is
 * sent, and the ledger says `failed` with a reason starting `unsafe-text`.
 */
export class UnsafeTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeTextError';
  }
}
