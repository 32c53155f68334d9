import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, must, type Schemas } from '../../services/api';

export type CaseDetail = Schemas['CaseDetail'];
export type TransitionBody = Schemas['TransitionRequest'];

export function useCase(idOrCaseNo: string) {
  return useQuery({
    queryKey: ['case', idOrCaseNo],
    queryFn: () => must(api.GET('/v1/cases/{idOrCaseNo}', { params: { path: { idOrCaseNo } } })),
    refetchInterval: 30_000,
  });
}

export function useSlaExplanation(idOrCaseNo: string, version: number | undefined) {
  return useQuery({
    queryKey: ['case', idOrCaseNo, 'sla', version],
    enabled: version !== undefined,
    queryFn: () => must(api.GET('/v1/cases/{idOrCaseNo}/sla', { params: { path: { idOrCaseNo } } })),
  });
}

/** An action on the version the clerk is looking at (If-Match): if someone else acted first, the API answers 412. */
export function useTransition(idOrCaseNo: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: TransitionBody; version: number }) =>
      must(
        api.POST('/v1/cases/{idOrCaseNo}/transitions', {
          params: { path: { idOrCaseNo }, header: { 'If-Match': `"${version}"` } },
          body,
        }),
      ),
    onSuccess: (updated) => {
      client.setQueryData(['case', idOrCaseNo], updated);
      void client.invalidateQueries({ queryKey: ['cases'] });
    },
    onError: () => void client.invalidateQueries({ queryKey: ['case', idOrCaseNo] }),
  });
}
