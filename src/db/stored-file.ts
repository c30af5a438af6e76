/** A file kept in the database (a rectification report's attachment, a portal submission's file), as a download serves it. */
export interface StoredFile {
  fileName: string;
  mime: string;
  content: Buffer;
}
