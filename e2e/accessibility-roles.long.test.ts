import { accessibilitySuite } from './accessibility-suite.js';

// The prescriber's, nurse's, therapist's and coordinator's walks through their pages (CI runs the others: accessibility.e2e.test.ts).
accessibilitySuite(
  'accessibility of every page (prescriber, nurse, therapist, coordinator)',
  ['prescriber', 'nurse', 'therapist', 'coordinator'],
  {
    portal: false,
  },
);
