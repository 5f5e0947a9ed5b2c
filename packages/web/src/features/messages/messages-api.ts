import { apiFetch } from '../../api/client';

export type MessageKind = 'portal-link' | 'pre-session' | 'follow-up-questionnaire';
export type MessageState = 'queued' | 'sent' | 'failed';

export interface PatientMessage {
  id: string;
  kind: MessageKind;
  subject: string;
  to: string;
  state: MessageState;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  nextAttemptAt: string | null;
}

export interface PatientMessages {
  /** The patient's address; null: Kairos sends this patient nothing. */
  email: string | null;
  /** Where this server's mail goes: a real SMTP server, the demo/test capture, or nowhere yet. */
  delivery: 'smtp' | 'capture' | 'off';
  maxAttempts: number;
  items: PatientMessage[];
}

export const getPatientMessages = (patientId: string): Promise<PatientMessages> => apiFetch(`/api/patients/${patientId}/messages`);
