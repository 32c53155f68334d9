import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { DEFAULT_SLA_POLICY } from '@domain/sla/sla-policy';
import { todayInShanghai } from '../../components/dates';
import { api, must, type Schemas } from '../../services/api';

export type CreateCaseBody = Schemas['CreateCaseRequest'];
export type CreatedCase = Schemas['CreatedCase'];
type Kind = CreateCaseBody['kind'];

/** A fresh random key (crypto.randomUUID needs a secure context; getRandomValues does not). */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One Idempotency-Key per filled-in form: a double click or a retry after a lost answer creates one case.
 * It changes only once the case exists (the next form is another case). A refused request stores nothing
 * on the server, so the same key is fine for the corrected form.
 */
export function useCreateCase() {
  const [key, setKey] = useState(newKey);
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (body: CreateCaseBody) => must(api.POST('/v1/cases', { body, headers: { 'Idempotency-Key': key } })),
    onSuccess: () => {
      setKey(newKey());
      void client.invalidateQueries({ queryKey: ['cases'] });
    },
  });
  return mutation;
}

/** The due dates a case registered today gets under the default policy (GET /v1/calendar/add-working-days). */
export function usePromisedDates(kind: Kind) {
  const today = todayInShanghai();
  const clocks = DEFAULT_SLA_POLICY[kind].filter((c) => c.startsOn === 'SUBMIT' && c.budgetDays !== null);
  return useQuery({
    queryKey: ['promised', kind, today],
    staleTime: 10 * 60_000,
    queryFn: () =>
      Promise.all(
        clocks.map(async (c) => {
          const result = await must(api.GET('/v1/calendar/add-working-days', { params: { query: { from: today, days: c.budgetDays! } } }));
          return { clock: c.clock, days: c.budgetDays!, date: result.date };
        }),
      ),
  });
}

/** What the clerk typed, kept in this tab until the case is registered (a refusal or a new login loses nothing). */
export function useDraft<T extends object>(name: string) {
  const storageKey = `case-desk.draft.${name}`;
  const load = useCallback((): Partial<T> => {
    try {
      return JSON.parse(sessionStorage.getItem(storageKey) ?? '{}') as Partial<T>;
    } catch {
      return {};
    }
  }, [storageKey]);
  const save = useCallback((values: Partial<T>) => sessionStorage.setItem(storageKey, JSON.stringify(values)), [storageKey]);
  const clear = useCallback(() => sessionStorage.removeItem(storageKey), [storageKey]);
  return { load, save, clear };
}
