/** @module screening */
export {};
