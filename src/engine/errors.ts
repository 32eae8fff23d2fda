/** A bad input value: the message names the input, the value and what is accepted. */
export class InputError extends Error {
  override name = 'InputError';

  constructor(
    readonly input: string,
    readonly value: string,
    readonly accepted: string,
  ) {
    super(
      `Input ${input}: ${value === '' ? 'no value' : `'${value}'`} is not accepted; expected ${accepted}.`,
    );
  }
}

/** The build failed for good: the message carries the tool's own error lines. */
export class BuildFailedError extends Error {
  override name = 'BuildFailedError';
}

/** The host build slot could not be taken in time. */
export class QueueTimeoutError extends Error {
  override name = 'QueueTimeoutError';
}

/** Host preparation could not bring the daemon up. */
export class SetupError extends Error {
  override name = 'SetupError';
}

/** The message of any thrown value, without a stack trace. */
export function describeError(error: unknown): string {
  // Errors from another realm (a vm context, a worker) fail `instanceof Error`; a message is
  // what matters.
  if (error instanceof Error) return error.message;
  if (
    error !== null &&
    typeof error === 'object' &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as { message: string }).message;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}
