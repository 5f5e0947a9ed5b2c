import { ReasonModal } from '../../ui/reason-modal';

/** The reason for pausing an infusion, asked the same way from the alarm banner and the step buttons. */
export function PauseReasonModal(props: {
  opened: boolean;
  busy: boolean;
  error: string | undefined;
  onClose: () => void;
  onSubmit: (reason: string) => void;
}) {
  return <ReasonModal {...props} title="Pause the infusion" label="Why is the infusion paused?" confirm="Pause infusion" color="orange" />;
}
