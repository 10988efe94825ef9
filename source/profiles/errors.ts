// Store errors are values with a kind, like QlikError: report-error.ts maps them to exit codes.

export type ProfileStoreErrorKind =
  | 'corrupt' // the config file exists but cannot be trusted: it is left exactly as it is
  | 'io' // the file or its directory cannot be written
  | 'no-profile' // nothing configured and no environment credentials
  | 'unknown-profile' // a name that is not in the store
  | 'exists' // adding a name that is already taken
  | 'invalid'; // a bad profile name or field

export class ProfileStoreError extends Error {
  readonly kind: ProfileStoreErrorKind;
  /** The config file concerned, when there is one. */
  readonly path?: string;

  constructor(kind: ProfileStoreErrorKind, message: string, path?: string) {
    super(message);
    this.name = 'ProfileStoreError';
    this.kind = kind;
    this.path = path;
  }
}
