/** Thrown by a Storage when a write's eTag no longer matches: another turn changed the item first. */
export class StorageConflictError extends Error {
  constructor(readonly key: string) {
    super(`state item ${key} was changed by another turn`);
    this.name = 'StorageConflictError';
  }
}
