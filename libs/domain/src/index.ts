// Public surface of @case-desk/domain: pure TypeScript, no framework imports.
export * from './codes';
export * from './errors';
export * from './money';
export * from './fee-period';
export * from './identity/id-number';
export * from './identity/region-code';
export * from './access/actor';
export * from './case-machine/case-machine.types';
export * from './case-machine/case-machine';
export * from './case-machine/transfer.machine';
export * from './case-machine/refund.machine';
export * from './case-machine/stages';
