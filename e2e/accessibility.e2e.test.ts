import { accessibilitySuite } from './accessibility-suite.js';

// The administrator's settings pages, every staff page as the medical director opens it, the nurse's
// console, and the patient portal; the other roles' walks are in `npm run test:long`.
accessibilitySuite('accessibility of every page (administrator, medical director, nurse, patient)', ['admin', 'director', 'nurse'], {
  portal: true,
});
