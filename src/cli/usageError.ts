/** A mistake in how the CLI was called or what it was given: exit code 2 with a one-line message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }

  /** By name, not `instanceof`: dist/cli-engine.js is a separate bundle with its own copy of this class. */
  static is(error: unknown): error is UsageError {
    return error instanceof Error && error.name === 'UsageError';
  }
}
