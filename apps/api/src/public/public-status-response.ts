import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import type { PublicCaseStatus } from '@case-desk/domain';

/** The route both the controller and the fast path answer (Fastify's pattern, as in metrics). */
export const PUBLIC_STATUS_ROUTE = '/v1/public/cases/:caseNo';

/** An answer ready to send: the exact body and its tag. */
export interface RenderedStatus {
  body: string;
  etag: string;
}

export function renderStatus(view: PublicCaseStatus): RenderedStatus {
  const body = JSON.stringify(view);
  // A strong tag of the exact body: any change to what the applicant sees (a transition, a moved due date) changes it.
  return { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

/** 200 with the body, or 304 without one when If-None-Match names its tag; the same headers either way. */
export function sendStatus(reply: FastifyReply, rendered: RenderedStatus, ifNoneMatch: string | undefined): void {
  // Personal data behind a header credential: no shared cache may keep it; clients revalidate with the ETag.
  void reply.header('etag', rendered.etag).header('cache-control', 'private, no-cache').header('vary', 'X-Access-Code');
  if (matchesAny(ifNoneMatch, rendered.etag)) {
    void reply.status(304).send();
    return;
  }
  void reply.status(200).header('content-type', 'application/json; charset=utf-8').send(rendered.body);
}

/** If-None-Match: `*` or a list of tags, compared weakly (RFC 9110 §13.1.2). */
function matchesAny(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header === etag) return true;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
