// The kinds of case, one line each. Everything that lists kinds (the Prisma enum aside, which a
// migration changes) reads this registry: the kind codes, the creation schema, the engine, the SLA
// policy, the public stages, the case views and the reports.
import { z } from 'zod';
import type { CaseKindDefinition } from './kind-definition';
import { REFUND_KIND } from './refund/refund.kind';
import { TRANSFER_KIND } from './transfer/transfer.kind';

export const CASE_KIND_DEFINITIONS = [TRANSFER_KIND, REFUND_KIND] as const;

type Definitions = typeof CASE_KIND_DEFINITIONS;
// Mapped over a type parameter, so a tuple stays a tuple (zod's enums and unions need one).
type CodesOf<T extends readonly { code: string }[]> = { readonly [I in keyof T]: T[I]['code'] };
type SchemasOf<T extends readonly { creation: { schema: unknown } }[]> = { readonly [I in keyof T]: T[I]['creation']['schema'] };

/** The kind codes, in registry order (the order of the API's enums). */
export const CASE_KINDS = CASE_KIND_DEFINITIONS.map((d) => d.code) as unknown as CodesOf<Definitions>;
export type CaseKind = (typeof CASE_KINDS)[number];

const BY_CODE: ReadonlyMap<string, CaseKindDefinition> = new Map(CASE_KIND_DEFINITIONS.map((d) => [d.code, d]));

export function isCaseKind(candidate: unknown): candidate is CaseKind {
  return typeof candidate === 'string' && BY_CODE.has(candidate);
}

/** The definition of a registered kind; throws for any other code (a corrupt row, a bad argument). */
export function kindDefinition(kind: CaseKind): CaseKindDefinition {
  const definition = BY_CODE.get(kind);
  if (definition === undefined) throw new Error(`'${String(kind)}' is not a registered case kind`);
  return definition;
}

/** Every kind's creation request, by `kind`. */
export const CREATE_CASE_SCHEMA = z.discriminatedUnion(
  'kind',
  CASE_KIND_DEFINITIONS.map((d) => d.creation.schema) as unknown as SchemasOf<Definitions>,
);

/** A creation request as the API has shape-checked it (formats, enums, region codes, unknown fields). */
export type NewCaseInput = z.infer<typeof CREATE_CASE_SCHEMA>;
