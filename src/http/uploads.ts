import type { FastifyReply } from 'fastify';

/** Types a browser shows without running anything; any other upload goes out as bytes. */
const SHOWN_AS_IS = new Set([
  'application/pdf',
  'text/plain',
  'text/csv',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

/**
 * Sends a file someone uploaded (a module's attachment, a shared resource) as a download: always
 * an attachment, and with its declared type only when that type cannot run in the page (an HTML
 * or SVG file uploaded by one user must never execute in another's session).
 */
export function sendUpload(reply: FastifyReply, file: { name: string; type: string; content: Buffer }) {
  return reply
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .type(SHOWN_AS_IS.has(file.type) ? file.type : 'application/octet-stream')
    .send(file.content);
}
