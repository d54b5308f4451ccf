import type { PathRefusalReason } from '../fs/pathSafety';

/**
 * Why a proposed change set (or one of its files) was refused. Path reasons come from `checkRelativePath`
 * and `resolveInWorkspace`; the rest from the change-set builder.
 */
export type ChangeSetErrorReason =
  | PathRefusalReason
  | 'invalidInput'
  | 'duplicatePath'
  | 'tooManyFiles'
  | 'tooLarge'
  | 'invalidUtf8'
  | 'fileNotFound'
  | 'fileExists'
  | 'notAFile'
  | 'baseNotText'
  | 'oldTextNotFound'
  | 'oldTextNotUnique'
  | 'locked';

/**
 * A refused proposal. Nothing was written. `path` names the file when one file caused it; the message is
 * one line a person (or an agent) can act on, with the path JSON-quoted.
 */
export class ChangeSetError extends Error {
  constructor(
    readonly reason: ChangeSetErrorReason,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ChangeSetError';
  }

  /** True when `error` is a ChangeSetError, and of `reason` when one is given. */
  static is(error: unknown, reason?: ChangeSetErrorReason): error is ChangeSetError {
    return error instanceof ChangeSetError && (reason === undefined || error.reason === reason);
  }

  /**
   * True for every refusal of a path as outside the workspace or unsafe: `..`, absolute, drive, UNC,
   * a symbolic link leading out, `.git`, control characters. The intake roads deny all of these alike.
   */
  static isPathRefusal(error: unknown): error is ChangeSetError {
    return error instanceof ChangeSetError && (PATH_REASONS as readonly string[]).includes(error.reason);
  }
}

/** The reasons that refuse a path itself (see ChangeSetError.isPathRefusal). */
export const PATH_REASONS = ['invalidPath', 'controlCharacter', 'absolutePath', 'uncPath', 'pathOutsideWorkspace', 'symlinkOutsideWorkspace', 'gitDirectory'] as const satisfies readonly PathRefusalReason[];

/** Why a decision was refused. */
export type DecisionErrorReason = 'confirmationRequired' | 'unknownTarget' | 'denied' | 'invalidInput' | 'locked';

/** A decision that could not be recorded; the decision state is unchanged. */
export class DecisionError extends Error {
  constructor(
    readonly reason: DecisionErrorReason,
    message: string,
    /** For confirmationRequired: fingerprints of the findings that need the explicit confirmation. */
    readonly findings: readonly string[] = [],
  ) {
    super(message);
    this.name = 'DecisionError';
  }

  static is(error: unknown, reason?: DecisionErrorReason): error is DecisionError {
    return error instanceof DecisionError && (reason === undefined || error.reason === reason);
  }
}

/** Why an apply or a revert was refused. */
export type ApplyErrorReason = 'conflict' | 'changedSinceApply' | 'nothingToRevert' | 'unsafePath' | 'writeFailed' | 'locked' | 'invalidInput';

/** An apply or revert that did not happen (or stopped); the message says which file and why. */
export class ApplyError extends Error {
  constructor(
    readonly reason: ApplyErrorReason,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ApplyError';
  }

  static is(error: unknown, reason?: ApplyErrorReason): error is ApplyError {
    return error instanceof ApplyError && (reason === undefined || error.reason === reason);
  }
}
