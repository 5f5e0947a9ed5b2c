/** @module instruments */
export {};
