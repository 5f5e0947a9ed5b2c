/**
 * What a patient opening the portal needs first, in one chunk: the portal's frame, its home page and
 * the page a portal link opens. `portal-routes.tsx` loads it with one import, so the frame and the
 * home page arrive in one round trip rather than one after the other.
 */
export { PortalLayout } from './portal-layout';
export { PortalHomePage } from './portal-home-page';
export { PortalAccessLinkPage } from '../portal-access/portal-access-link-page';
