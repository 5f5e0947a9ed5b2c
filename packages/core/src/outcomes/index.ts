/** @module outcomes */
export {};
