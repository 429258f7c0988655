/** What other features use of stored files: the storage, registering an object, and scoped reads. */
export { FileStorage, LocalFileStorage, StoredFileError, blobOfName, sha256Of } from './file.storage.js';
export { S3FileStorage } from './file.storage-s3.js';
export { fileStorageFor } from './file.storage-config.js';
export { cleanFileName, loadFilesInScope } from './file.service.js';
export { findFilesByIds, insertFileObject, toFileRef } from './file.repository.js';
