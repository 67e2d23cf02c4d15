/** A mistake in an operator's request (unknown item, wrong platform…): said plainly, exit 1 / HTTP 4xx. */
export class OperatorError extends Error {
  readonly status: 400 | 404 | 409;
  constructor(message: string, status: 400 | 404 | 409 = 400) {
    super(message);
    this.name = 'OperatorError';
    this.status = status;
  }
}
