/** @module dosing/pharmacokinetics */
export {};
