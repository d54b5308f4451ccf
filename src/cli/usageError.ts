/** A mistake in how the CLI was called or what it was given: exit code 2 with a one-line message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
