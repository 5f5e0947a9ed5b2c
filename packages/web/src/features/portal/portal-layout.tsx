import { Box, Container, Group, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { Link, Outlet } from 'react-router';
import './portal.css';
import { CrisisButton } from './portal-crisis';
import { PORTAL_TYPE } from './portal-type';

/**
 * The portal's frame: no staff navigation; phone first, large type. The header stays at the top
 * while the page scrolls, with "Get help now" (the site's crisis resources) one tap away on every
 * portal screen.
 */
export function PortalLayout() {
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)" style={PORTAL_TYPE} className="kairos-portal" data-testid="portal">
      <Box
        component="header"
        bg="teal.9"
        c="white"
        px="md"
        py={8}
        pos="sticky"
        top={0}
        style={{ zIndex: 100, boxShadow: '0 1px 4px rgba(0,0,0,0.2)' }}
      >
        <Group justify="space-between" maw={640} mx="auto" wrap="nowrap" gap="sm">
          <UnstyledButton
            component={Link}
            to="/portal"
            c="white"
            style={{ minHeight: 44, display: 'flex', flexDirection: 'column', justifyContent: 'center' }}
          >
            <Text fw={700} fz={22} lh={1.1} c="white">
              Kairos
            </Text>
            <Text fz={14} lh={1.2} c="white">
              Patient portal
            </Text>
            <VisuallyHidden>, home</VisuallyHidden>
          </UnstyledButton>
          <CrisisButton />
        </Group>
      </Box>
      <Container size={640} px="md" py="lg" component="main">
        <Outlet />
      </Container>
    </Box>
  );
}
