import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { errorText } from '../../api/use-resource';
import { createCalendarFeed, revokeCalendarFeed } from './schedule-api';

/** "My calendar feed": a secret .ics URL of the signed-in person's bookings, shown once; revocable. */
export function CalendarFeedButton() {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpened(true)}>
        My calendar feed
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="My calendar feed" size="lg" centered>
        {opened && <FeedPanel />}
      </Modal>
    </>
  );
}

function FeedPanel() {
  const [url, setUrl] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<'create' | 'revoke'>();
  const act = async (kind: 'create' | 'revoke') => {
    setBusy(kind);
    setError(undefined);
    setNotice(undefined);
    try {
      if (kind === 'create') setUrl(window.location.origin + (await createCalendarFeed()).path);
      else {
        await revokeCalendarFeed();
        setUrl(undefined);
        setNotice('Your calendar feed is revoked: its URL no longer answers.');
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Stack gap="sm">
      <Text size="sm">
        Subscribe to your bookings from a calendar app. The feed shows patients’ initials and the kind of event only, never names. Anyone
        with the URL can read it: keep it private. Creating a new URL revokes the earlier one.
      </Text>
      {url !== undefined && (
        <Stack gap={4} data-testid="calendar-feed-url">
          <TextInput
            label="Your feed URL (shown only now)"
            value={url}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            rightSectionWidth={84}
            rightSection={
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="light" color={copied ? 'teal' : 'blue'} onClick={copy} aria-label="Copy the feed URL">
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            }
          />
          <Text size="xs" c="dimmed">
            Copy it now: Kairos keeps only a fingerprint of it and cannot show it again.
          </Text>
        </Stack>
      )}
      {notice !== undefined && <Alert color="teal">{notice}</Alert>}
      {error !== undefined && <Alert color="red">{error}</Alert>}
      <Group justify="flex-end">
        <Button variant="light" color="red" loading={busy === 'revoke'} onClick={() => void act('revoke')}>
          Revoke my feed
        </Button>
        <Button loading={busy === 'create'} onClick={() => void act('create')}>
          {url === undefined ? 'Create feed URL' : 'Create a new URL'}
        </Button>
      </Group>
    </Stack>
  );
}
