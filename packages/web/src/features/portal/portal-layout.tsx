import { Box, Container, Group, Text } from '@mantine/core';
import { Outlet } from 'react-router';

/** The portal's frame: no staff navigation; phone first, large type. */
export function PortalLayout() {
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <Box component="header" bg="teal.8" c="white" px="md" py="sm">
        <Group justify="space-between" maw={640} mx="auto">
          <Text fw={700} fz="xl">
            Kairos
          </Text>
          <Text fz="md">Patient portal</Text>
        </Group>
      </Box>
      <Container size={640} px="md" py="lg" component="main">
        <Outlet />
      </Container>
    </Box>
  );
}
