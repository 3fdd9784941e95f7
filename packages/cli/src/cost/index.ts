// The cost estimate of synthesized templates: library entry point of the `cost` command, the
// blueprint pages' cost tables and the committed estimates (scripts/cost-tables.js).
export * from './engine';
export * from './format';
export * from './price-table';
export * from './profiles';
export * from './blueprint-estimate';
export * from './docs';
export { FREE_TYPES, PRICERS } from './pricers';
