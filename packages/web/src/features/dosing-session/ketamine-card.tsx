import { Alert, Badge, Button, Card, Group, NativeSelect, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { formatMg, formatMl } from '@kairos/core';
import { useEffect, useState } from 'react';
import { useResource } from '../../api/use-resource';
import { StepUpDialog } from '../../ui/step-up-dialog';
import { doseText } from '../inventory/inventory-api';
import { drawKetamine, getSessionStock, wasteKetamine, type DosingSessionView } from './dosing-session-api';
import { formatClock } from './labels';
import { useAct } from './use-act';

/**
 * The session's ketamine at the chair (issue 23, Must 3): the draw from a lot in stock for the dose
 * order, and after the infusion, the waste of what was not given, with a witness who confirms on
 * this screen. Shown only where the site keeps its stock in Kairos.
 */
export function KetamineCard({ session, timeZone, refreshKey }: { session: DosingSessionView; timeZone?: string; refreshKey?: string }) {
  const stock = useResource(`session-stock|${session.id}`, () => getSessionStock(session.id), 'The ketamine drawn could not be loaded.');
  const { reload, replace } = stock;
  useEffect(() => reload(), [refreshKey, session.state, session.doseOrder?.id, reload]);
  const { busy, error, act } = useAct();
  // An oral/sublingual dose comes from a compounded product the stock does not hold: nothing to draw.
  const notFromStock = session.route === 'SL' && session.doseOrder !== null;
  // What gives the dose: the waste of the rest follows it.
  const doseAct = session.route === 'IV' ? 'infusion' : session.route === 'IM' ? 'injection' : 'dose';
  const [lotKey, setLotKey] = useState('');
  const [volume, setVolume] = useState<number | string>('');
  const [wasteMl, setWasteMl] = useState<number | string>('');
  const [reason, setReason] = useState('Remainder of the syringe and the bag, wasted into the controlled-substance waste container');
  const [witnessing, setWitnessing] = useState(false);

  const { data } = stock;
  if (data === undefined || !data.kept) return null;
  const draw = data.draws[0];
  const order = data.order;
  const lot = data.lots.find((l) => `${l.lotId}|${l.locationId}` === lotKey) ?? data.lots[0];
  const remainingAfterGiven =
    draw !== undefined && data.givenIfWastedNow !== null
      ? {
          ug: draw.drawn.ug - (draw.given.ul > 0 ? draw.given.ug : data.givenIfWastedNow.ug) - draw.wasted.ug,
          ul: draw.drawn.ul - (draw.given.ul > 0 ? draw.given.ul : data.givenIfWastedNow.ul) - draw.wasted.ul,
        }
      : undefined;

  return (
    <Card withBorder radius="md" data-testid="ketamine-card">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Ketamine from stock</Title>
          {notFromStock ? (
            <Badge size="lg" color="gray" variant="light">
              not from stock
            </Badge>
          ) : draw === undefined ? (
            <Badge size="lg" color="orange" variant="light">
              not drawn
            </Badge>
          ) : draw.state === 'reconciled' ? (
            <Badge size="lg" color="green" variant="filled" data-testid="ketamine-reconciled">
              ✓ accounted for
            </Badge>
          ) : (
            <Badge size="lg" color="orange" variant="filled">
              ○ to account for
            </Badge>
          )}
        </Group>
        {order === null && notFromStock && (
          <Text size="sm" c="dimmed" data-testid="ketamine-not-from-stock">
            An oral/sublingual dose comes from a compounded product, which the stock in Kairos does not hold yet: record it in the clinic’s
            controlled-substance log.
          </Text>
        )}
        {order === null && !notFromStock && (
          <Text size="sm" c="dimmed">
            A prescriber orders the dose first; the draw follows the order.
          </Text>
        )}
        {order !== null && draw === undefined && (
          <>
            <Text size="sm">
              The order needs <b>{formatMl(BigInt(order.drawnUl))}</b> of {order.strengthMgPerMl} mg/mL ({formatMg(BigInt(order.doseUg))}).
            </Text>
            {data.lots.length === 0 ? (
              <Alert color="orange">
                No lot of {order.strengthMgPerMl} mg/mL is in stock and in date at this site: receive stock on the Inventory page.
              </Alert>
            ) : (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  if (lot === undefined) return;
                  void act(
                    () =>
                      drawKetamine(session.id, {
                        lotId: lot.lotId,
                        locationId: lot.locationId,
                        volumeMl: Number(volume === '' ? order.drawnUl / 1000 : volume),
                      }),
                    replace,
                  );
                }}
              >
                <Stack gap="xs">
                  <NativeSelect
                    label="Draw from"
                    value={lot === undefined ? '' : `${lot.lotId}|${lot.locationId}`}
                    onChange={(e) => setLotKey(e.currentTarget.value)}
                    data={data.lots.map((l) => ({
                      value: `${l.lotId}|${l.locationId}`,
                      label: `Lot ${l.lotNumber} · ${l.locationName} · ${formatMl(BigInt(l.balance.ul))} in stock${l.remnantUl > 0 ? `, ${formatMl(BigInt(l.remnantUl))} in the open vial` : ''}`,
                    }))}
                  />
                  <NumberInput
                    label="Volume drawn (mL)"
                    description={`At least ${formatMl(BigInt(order.drawnUl))}; what is not given is wasted after the ${doseAct}.`}
                    min={0}
                    decimalScale={3}
                    value={volume === '' ? order.drawnUl / 1000 : volume}
                    onChange={setVolume}
                  />
                  <Button type="submit" size="lg" loading={busy}>
                    Record the draw
                  </Button>
                </Stack>
              </form>
            )}
          </>
        )}
        {draw !== undefined && (
          <Stack gap={4} data-testid="ketamine-draw">
            <Text size="sm">
              Drawn <b>{doseText(draw.drawn)}</b> of lot {draw.lotNumber} ({draw.strengthMgPerMl} mg/mL) from {draw.locationName} by{' '}
              {draw.drawnBy.displayName} at {formatClock(draw.drawnAt, timeZone)}
            </Text>
            {draw.given.ul > 0 && <Text size="sm">Given: {doseText(draw.given)}</Text>}
            {draw.wasted.ul > 0 && (
              <Text size="sm">
                Wasted: {doseText(draw.wasted)}, witnessed by {draw.witnesses.map((w) => w.displayName).join(', ')}
                {draw.wasteReason !== null && <> ({draw.wasteReason})</>}
              </Text>
            )}
          </Stack>
        )}
        {draw !== undefined && draw.state !== 'reconciled' && !data.wasteOpen && (
          <Text size="sm" c="dimmed">
            After the {doseAct}, what it did not give is wasted here with a witness.
          </Text>
        )}
        {draw !== undefined &&
          draw.state !== 'reconciled' &&
          data.wasteOpen &&
          remainingAfterGiven !== undefined &&
          data.givenIfWastedNow !== null && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                setWitnessing(true);
              }}
            >
              <Stack gap="xs" data-testid="ketamine-waste">
                <Text size="sm">
                  The {doseAct} gave <b>{doseText(draw.given.ul > 0 ? draw.given : data.givenIfWastedNow)}</b>;{' '}
                  <b>{doseText(remainingAfterGiven)}</b> remains to waste.
                </Text>
                <NumberInput label="Volume wasted (mL)" required min={0} decimalScale={3} value={wasteMl} onChange={setWasteMl} />
                <TextInput label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
                <Button type="submit" size="lg" loading={busy} disabled={wasteMl === ''}>
                  Waste with a witness
                </Button>
              </Stack>
            </form>
          )}
        {error !== undefined && <Alert color="red">{error}</Alert>}
      </Stack>
      {draw !== undefined && (
        <StepUpDialog
          opened={witnessing}
          onClose={() => setWitnessing(false)}
          purpose="stock.waste-witness"
          who="other-licensed"
          title="Witness the waste of ketamine"
          description={`${wasteMl === '' ? '' : formatMl(BigInt(Math.round(Number(wasteMl) * 1000)))} of ${draw.strengthMgPerMl} mg/mL ketamine from lot ${draw.lotNumber} is wasted. A licensed colleague who did not draw it watches and confirms with their password.`}
          onVerified={(token) => {
            setWitnessing(false);
            void act(() => wasteKetamine(session.id, { drawId: draw.id, volumeMl: Number(wasteMl), reason, stepUpToken: token }), replace);
          }}
        />
      )}
    </Card>
  );
}
