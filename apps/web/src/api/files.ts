/** Stored files (evidence photos, documents): where the browser reads them and where it uploads. */
export const fileUrl = (id: string) => `/api/files/${id}`;
export const thumbnailUrl = (id: string) => `/api/files/${id}/thumbnail`;
/** POST target of an upload with progress (lib/upload.ts uses XMLHttpRequest, which fetch cannot replace). */
export const FILES_UPLOAD_PATH = '/api/files';
