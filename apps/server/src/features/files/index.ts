/** What other features use of stored files: the storage, registering an object, and scoped reads. */
export { FileStorage } from './file.storage.js';
export { cleanFileName, loadFilesInScope } from './file.service.js';
export { findFilesByIds, insertFileObject, toFileRef } from './file.repository.js';
