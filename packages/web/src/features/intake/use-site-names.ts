import { useResource } from '../../api/use-resource';
import { listSites, type Site } from '../settings/settings-api';

/** The sites this user may list (for names and the referral form); empty when the list is refused. */
export function useSites(): { sites: Site[]; loaded: boolean; name: (id: string) => string } {
  const { data, state } = useResource('sites', listSites);
  const sites = data?.items ?? [];
  return { sites, loaded: state.status !== 'loading', name: (id) => sites.find((s) => s.id === id)?.name ?? 'site' };
}
