/** @module protocols */
export {};
