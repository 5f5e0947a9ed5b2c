import { Stack, Text, Title } from '@mantine/core';

/** A section with no page yet says what will be there (also the staff app's "page not found"). */
export function ComingSoon({ title, text }: { title: string; text: string }) {
  return (
    <Stack>
      <Title order={2}>{title}</Title>
      <Text c="dimmed">Not built yet. This page will show: {text}</Text>
    </Stack>
  );
}
