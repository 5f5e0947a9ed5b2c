/** The signed-in user and session, as GET and POST /api/session answer them. */
export const SECTION_IDS = ['today', 'patients', 'schedule', 'outcomes', 'inventory', 'settings'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  licensed: boolean;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  idleTimeoutSeconds: number;
  /** ISO instant on the server's clock. */
  idleExpiresAt: string;
  /** ISO instant on the server's clock. */
  absoluteExpiresAt: string;
  /** The navigation sections this user may open. */
  sections: string[];
  mode: 'demo' | 'test' | 'production';
  /** The server's clock when it answered, if it says (demo and test mode may move that clock). */
  serverTime?: string;
}

export interface DemoInfo {
  mode: 'demo' | 'test' | 'production';
  demoPassword?: string;
  demoUsers?: { email: string; roles: string[] }[];
}

export interface StepUpResult {
  stepUpToken: string;
  userId: string;
  displayName: string;
  expiresAt: string;
}

const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  'medical-director': 'Medical director',
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  therapist: 'Therapist',
  coordinator: 'Coordinator',
};

/** "medical-director" -> "Medical director"; unknown roles are shown as they come. */
export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}
