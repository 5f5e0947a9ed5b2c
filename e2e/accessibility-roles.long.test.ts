import { accessibilitySuite } from './accessibility-suite.js';

// The prescriber's, therapist's and coordinator's walks through their pages (CI runs the others: accessibility.e2e.test.ts).
accessibilitySuite('accessibility of every page (prescriber, therapist, coordinator)', ['prescriber', 'therapist', 'coordinator'], {
  portal: false,
});
