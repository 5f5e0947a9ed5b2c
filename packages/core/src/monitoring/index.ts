/** @module monitoring */
export {};
