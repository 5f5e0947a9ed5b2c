/** @module pharmacokinetics */
export {};
