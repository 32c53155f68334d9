import type { FastifyInstance } from 'fastify';
import { DomainError } from '@case-desk/domain';

/**
 * The first key that appears twice in one object of a JSON text, or null. JSON.parse would keep the
 * last and drop the first without a word; a body is taken as sent or refused, so that is a 400.
 * Keys are compared decoded ("a" and "\u0061" are the same key). Only meaningful for valid JSON:
 * anything else is left to the parser to refuse.
 */
export function duplicateJsonKey(json: string): string | null {
  // One entry per open container: the keys seen so far in an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (ch === '"') {
      let end = i + 1;
      while (end < json.length && json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        let key: string;
        try {
          key = JSON.parse(json.slice(i, end + 1)) as string;
        } catch {
          return null;
        }
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (ch === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      open.push(null);
      expectKey = false;
    } else if (ch === '}' || ch === ']') {
      open.pop();
      expectKey = false;
    } else if (ch === ',') {
      expectKey = open[open.length - 1] instanceof Set;
    }
  }
  return null;
}

/**
 * Replaces Fastify's JSON body parser by the same parser (prototype poisoning refused) behind a check
 * for duplicate keys. With Nest's own body parsers off (bodyParser: false), this is the only parser
 * besides none: any other media type, forms included, is a 415.
 */
export function useStrictJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
    const body = raw.toString();
    const duplicate = duplicateJsonKey(body);
    if (duplicate !== null) {
      const shown = duplicate.length > 40 ? `${duplicate.slice(0, 40)}…` : duplicate;
      done(new DomainError('VALIDATION_FAILED', `the key ${JSON.stringify(shown)} appears twice in one object`, {
        errors: [{ path: '(body)', message: 'duplicate key in one object' }],
      }), undefined);
      return;
    }
    void parse(request, body, done);
  });
}
