/**
 * A file the browser saves (a PDF, a CSV, an export): its type, `attachment` with its file name,
 * and `no-store`, since every download holds patient or clinic data no cache should keep.
 *
 * @module
 */
import type { FastifyReply } from 'fastify';

export function sendDownload(reply: FastifyReply, contentType: string, filename: string, body: unknown): FastifyReply {
  return reply
    .type(contentType)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(body);
}
