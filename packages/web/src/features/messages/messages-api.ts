import type { PatientMessages } from '@kairos/api';
import { apiFetch } from '../../api/client';

export type { MessageKind, MessageState, PatientMessage, PatientMessages } from '@kairos/api';

export const getPatientMessages = (patientId: string): Promise<PatientMessages> => apiFetch(`/api/patients/${patientId}/messages`);
