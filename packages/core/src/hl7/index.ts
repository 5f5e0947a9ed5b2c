/**
 * HL7 v2 from bedside monitors (issue 26): the vital-sign codes Kairos records, an ORU^R01's
 * readings, and the acknowledgment. The MLLP listener and the message parsing are the server's.
 *
 * @module
 */
export * from './vital-codes.js';
export * from './oru-readings.js';
export * from './ack.js';
export * from './oru-build.js';
