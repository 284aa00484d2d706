/** Why a backup command refused or failed. The CLI prints the message and exits 1. */
export type BackupErrorCode =
  | 'no_keys'
  | 'wrong_key'
  | 'not_a_backup_folder'
  | 'folder_keys_differ'
  | 'no_backup'
  | 'busy'
  | 'target_not_empty'
  | 'blobs_missing'
  | 'database_not_ready'
  | 'tool_failed'
  | 'unsupported';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
  }
}
