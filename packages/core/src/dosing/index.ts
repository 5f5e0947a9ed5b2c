/** @module dosing */
export {};
