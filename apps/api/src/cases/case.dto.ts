import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import {
  CASE_KINDS,
  CASE_STATUSES,
  CREATE_CASE_SCHEMA,
  TRANSITION_SCHEMA,
  type NewCaseInput,
  type TransitionInput,
} from '@case-desk/domain';
import { named } from '../http/openapi-decorators';
import { cursor, limit, regionCode } from '../http/schemas';

// Each kind's creation schema is its definition's; the union is the registry's.
export const createCaseSchema = CREATE_CASE_SCHEMA;
// Unions cannot be class bases: these DTOs are values, validated with an explicit pipe in the controller.
export const CreateCaseDto = named('CreateCaseRequest', createZodDto(createCaseSchema));
export type CreateCaseBody = NewCaseInput;

export const listCasesSchema = z.strictObject({
  kind: z.enum(CASE_KINDS).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  sla: z.enum(['ON_TRACK', 'DUE_SOON', 'OVERDUE', 'PAUSED']).optional(),
  agency: regionCode.optional(),
  side: z.enum(['outgoing', 'incoming']).optional(),
  q: z.string().min(1).max(32).optional().meta({ description: 'an exact caseNo or full ID number' }),
  limit,
  cursor: cursor.optional(),
});
export class ListCasesQuery extends createZodDto(listCasesSchema) {}

// The actions' fields are declared once, in the domain (kinds/actions.ts).
export const transitionSchema = TRANSITION_SCHEMA;
export const TransitionDto = named('TransitionRequest', createZodDto(transitionSchema));
export type TransitionBody = TransitionInput;
