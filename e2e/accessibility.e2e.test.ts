import { accessibilitySuite } from './accessibility-suite.js';

// The administrator's settings pages, every staff page as the medical director opens it, and the
// patient portal; the other roles' walks are in `npm run test:long`.
accessibilitySuite('accessibility of every page (administrator, medical director, patient)', ['admin', 'director'], {
  portal: true,
});
