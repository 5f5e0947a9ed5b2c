import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useResource } from '../../api/use-resource';
import { useRoles } from '../../ui/use-roles';
import { getStockAlerts } from '../inventory/inventory-api';
import { formatDate } from '../schedule/site-time';

/**
 * On Today, for the medical director: the ketamine stock's open items (issue 23, Must 6): count
 * differences not yet resolved, losses or thefts with the DEA notice's due day, lots expiring soon.
 * Nothing is shown when there is nothing to do.
 */
export function StockAlerts({ siteId }: { siteId: string | undefined }) {
  const { has } = useRoles();
  return has('medical-director') && siteId !== undefined ? <DirectorStockAlerts siteId={siteId} /> : null;
}

function DirectorStockAlerts({ siteId }: { siteId: string }) {
  const alerts = useResource(`stock-alerts|${siteId}`, () => getStockAlerts(siteId), 'The stock’s alerts could not be loaded.');
  const a = alerts.data;
  if (a === undefined || (a.unresolvedDifferences === 0 && a.lossNotices.length === 0 && a.expiringLots === 0)) return null;
  return (
    <Alert color="orange" title="Ketamine stock" data-testid="stock-alerts">
      <Stack gap={4}>
        {a.unresolvedDifferences > 0 && (
          <Text size="sm" data-testid="stock-alerts-differences">
            {a.unresolvedDifferences} count difference(s) to resolve.
          </Text>
        )}
        {a.lossNotices.map((n) => (
          <Text size="sm" key={n.id}>
            {n.kind === 'theft' ? 'Theft' : 'Loss'} of lot {n.lotNumber} discovered {formatDate(n.discoveredOn, false)}: written notice to
            the DEA due by {formatDate(n.deaNoticeDueOn, false)} (21 CFR 1301.76(b)).
          </Text>
        ))}
        {a.expiringLots > 0 && <Text size="sm">{a.expiringLots} lot(s) in stock expire soon.</Text>}
        <Anchor component={Link} to="/inventory" size="sm">
          Open the Inventory
        </Anchor>
      </Stack>
    </Alert>
  );
}
