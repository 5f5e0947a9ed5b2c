/**
 * Ketamine stock: exact quantities, the ledger's balance rules, draws and what accounts for them,
 * counts, opened vials, and the DEA registration number's check.
 *
 * @module inventory
 */
export * from './quantity.js';
export * from './ledger.js';
export * from './draw.js';
export * from './count.js';
export * from './open-vial.js';
export * from './dea-number.js';
