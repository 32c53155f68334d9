import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError, FieldError, textProblem } from '@case-desk/domain';

const MAX_REPORTED = 10;
const MAX_DEPTH = 32;

/**
 * Every string a request carries in its body, query or path (keys included) is acceptable text: no
 * NUL or other control character (tab and newline aside), no lone surrogate. Runs before the schemas,
 * so no route can forget it and nothing reaches PostgreSQL that it would refuse or silently change.
 */
@Injectable()
export class InputTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const errors: FieldError[] = [];
    const where = metadata.type === 'body' ? [] : [metadata.type === 'param' ? 'path' : 'query'];
    collect(value, metadata.data === undefined ? where : [...where, metadata.data], errors, 0);
    if (errors.length > 0) {
      throw new DomainError('VALIDATION_FAILED', `${errors[0].path}: ${errors[0].message}`, { errors });
    }
    return value;
  }
}

function collect(value: unknown, path: string[], errors: FieldError[], depth: number): void {
  if (errors.length >= MAX_REPORTED) return;
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem !== null) errors.push({ path: path.join('.') || '(body)', message: problem });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_DEPTH) {
    // No request of this API nests beyond a few levels; this bounds the walk whatever JSON.parse accepted.
    errors.push({ path: path.join('.') || '(body)', message: `nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem !== null) errors.push({ path: [...path, '(key)'].join('.'), message: keyProblem });
    collect(item, [...path, key], errors, depth + 1);
  }
}
