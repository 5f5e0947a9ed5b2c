import { Alert, Button, Group, Paper, Progress, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { errorText, useResource } from '../../api/use-resource';
import {
  getPortalQuestionnaire,
  saveQuestionnaireDraft,
  submitQuestionnaire,
  type DraftAnswers,
  type FormItem,
  type PortalQuestionnaire,
  type QuestionnaireForm,
  type PortalSubmitResult,
  type SubmitAnswers,
} from './portal-api';
import { BackHome, HandBack, PortalProblem, QUESTIONNAIRE_NAMES, usePortalFrame } from './portal-common';
import { CrisisSheet, rememberCrisisResources } from './portal-crisis';

type Value = number | boolean;
type Answers = Record<string, Value>;

const isScale = (form: QuestionnaireForm) => form.id !== 'cssrs';

/** The items asked with these answers: an item with `showIf` only when that earlier item is asked and answered so. */
export function visibleItems(items: readonly FormItem[], answers: Answers): FormItem[] {
  const shown = new Set<string>();
  const out: FormItem[] = [];
  for (const item of items) {
    if (item.showIf !== undefined && !(shown.has(item.showIf.key) && answers[item.showIf.key] === item.showIf.equals)) continue;
    shown.add(item.key);
    out.push(item);
  }
  return out;
}

/** Only the answers of the items asked (a skipped item's answer is dropped, never sent). */
function keepVisible(items: readonly FormItem[], answers: Answers): Answers {
  const out: Answers = {};
  for (const item of visibleItems(items, answers)) {
    const v = answers[item.key];
    if (v !== undefined) out[item.key] = v;
  }
  return out;
}

function fromDraft(form: QuestionnaireForm, draft: PortalQuestionnaire['draft']): Answers {
  const out: Answers = {};
  if (draft === null) return out;
  if (Array.isArray(draft)) {
    form.items.forEach((item, i) => {
      const v = draft[i];
      if (typeof v === 'number' && item.options.some((o) => o.value === v)) out[item.key] = v;
    });
  } else {
    const given: Readonly<Record<string, boolean | undefined>> = draft.answers;
    for (const item of form.items) {
      const v = given[item.key];
      if (typeof v === 'boolean') out[item.key] = v;
    }
  }
  return keepVisible(form.items, out);
}

function toDraft(form: QuestionnaireForm, answers: Answers): DraftAnswers {
  if (isScale(form)) return form.items.map((item) => (typeof answers[item.key] === 'number' ? (answers[item.key] as number) : null));
  return { answers: keepVisible(form.items, answers) };
}

function toSubmit(form: QuestionnaireForm, answers: Answers): SubmitAnswers {
  if (isScale(form)) return form.items.map((item) => answers[item.key] as number);
  return { answers: keepVisible(form.items, answers) };
}

/** Large option buttons with radio semantics: arrow keys move between them, Enter or Space chooses. */
function Options({ item, value, onChoose }: { item: FormItem; value: Value | undefined; onChoose: (v: Value) => void }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const checked = item.options.findIndex((o) => o.value === value);
  const tabStop = checked >= 0 ? checked : 0;
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const n = item.options.length;
    const at = refs.current.findIndex((r) => r === document.activeElement);
    if (at < 0) return;
    const to =
      e.key === 'ArrowDown' || e.key === 'ArrowRight'
        ? (at + 1) % n
        : e.key === 'ArrowUp' || e.key === 'ArrowLeft'
          ? (at - 1 + n) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    refs.current[to]?.focus();
  };
  return (
    <Stack gap="sm" role="radiogroup" aria-labelledby={`q-${item.key}`} onKeyDown={onKeyDown} data-testid="options">
      {item.options.map((o, i) => {
        const on = i === checked;
        return (
          <UnstyledButton
            key={String(o.value)}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="radio"
            aria-checked={on}
            tabIndex={i === tabStop ? 0 : -1}
            onClick={() => onChoose(o.value)}
            px="md"
            py={14}
            bg={on ? 'teal.8' : 'white'}
            c={on ? 'white' : 'dark.9'}
            style={{
              minHeight: 60,
              borderRadius: 12,
              border: `2px solid var(--mantine-color-${on ? 'teal-8' : 'gray-5'})`,
              display: 'flex',
              alignItems: 'center',
              gap: 14,
              fontSize: 20,
              fontWeight: on ? 700 : 500,
            }}
          >
            <span
              aria-hidden
              style={{
                flex: '0 0 24px',
                height: 24,
                borderRadius: '50%',
                border: `2px solid ${on ? 'white' : 'var(--mantine-color-gray-6)'}`,
                background: on ? 'radial-gradient(circle, white 0 5px, transparent 6px)' : 'white',
              }}
            />
            {o.label}
          </UnstyledButton>
        );
      })}
    </Stack>
  );
}

function Runner({ data }: { data: PortalQuestionnaire }) {
  const { form, key } = data;
  const navigate = useNavigate();
  const { home } = usePortalFrame();
  const [answers, setAnswers] = useState<Answers>(() => fromDraft(form, data.draft));
  const visible = visibleItems(form.items, answers);
  const firstOpen = (a: Answers, list: FormItem[], after = -1) => {
    const i = list.findIndex((it, idx) => idx > after && a[it.key] === undefined);
    if (i >= 0) return i;
    const any = list.findIndex((it) => a[it.key] === undefined);
    return any >= 0 ? any : list.length;
  };
  // Resumes at the first question not answered yet (the summary when all are).
  const [pos, setPos] = useState(() => {
    const a = fromDraft(form, data.draft);
    return firstOpen(a, visibleItems(form.items, a));
  });
  const [fromReview, setFromReview] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const [result, setResult] = useState<PortalSubmitResult>();
  const latest = useRef(answers);
  const saving = useRef<Promise<void>>(Promise.resolve());
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, [pos]);

  const save = () => {
    saving.current = saving.current
      .then(() => saveQuestionnaireDraft(key, toDraft(form, latest.current)))
      .then(
        () => setSaveError(undefined),
        (e: unknown) => setSaveError(errorText(e, 'Your last answer could not be saved. Check your connection.')),
      );
  };

  // An answer that risk routing will flag (PHQ-9 item 9 above 0, a yes on the C-SSRS) shows the
  // crisis resources at once, before the questionnaire is sent; the care team's task follows on sending.
  const [riskShown, setRiskShown] = useState(false);
  const [riskOpen, setRiskOpen] = useState(false);
  const choose = (item: FormItem, value: Value) => {
    const flags =
      (form.id === 'phq9' && item.key === '8' && typeof value === 'number' && value > 0) ||
      (form.id === 'cssrs' && /^q[1-6]$/.test(item.key) && value === true);
    if (flags && !riskShown) {
      setRiskShown(true);
      setRiskOpen(true);
    }
    const next = keepVisible(form.items, { ...answers, [item.key]: value });
    const list = visibleItems(form.items, next);
    latest.current = next;
    setAnswers(next);
    save();
    const here = list.findIndex((it) => it.key === item.key);
    setPos(fromReview ? firstOpen(next, list, here) : here + 1);
  };

  const finishLater = async () => {
    setBusy(true);
    await saving.current;
    try {
      await saveQuestionnaireDraft(key, toDraft(form, latest.current));
      void navigate(home);
    } catch (e) {
      setSaveError(errorText(e, 'Your answers could not be saved. Check your connection and try again.'));
      setBusy(false);
    }
  };

  const submit = async () => {
    setBusy(true);
    setSubmitError(undefined);
    await saving.current;
    try {
      const r = await submitQuestionnaire(key, toSubmit(form, latest.current));
      if (r.crisisResources !== null) rememberCrisisResources(r.crisisResources.body);
      setResult(r);
    } catch (e) {
      setSubmitError(
        e instanceof ApiError && e.status === 409
          ? e.message
          : errorText(e, 'Your answers were not sent. Check your connection and try again.'),
      );
    } finally {
      setBusy(false);
    }
  };

  const names = QUESTIONNAIRE_NAMES[form.id as keyof typeof QUESTIONNAIRE_NAMES] ?? { name: form.title, short: form.title };
  const answered = visible.filter((it) => answers[it.key] !== undefined).length;
  const total = visible.length;

  if (result?.sessionEnded === true && !result.showCrisisResources)
    return (
      <HandBack>
        <Text fz={20}>Your answers were sent to your care team. That was everything for today.</Text>
      </HandBack>
    );
  if (result !== undefined) {
    return (
      <Stack gap="lg" data-testid="questionnaire-sent">
        <Title order={1} fz={28} ref={heading} tabIndex={-1}>
          Thank you
        </Title>
        <Text>Your answers were sent to your care team.</Text>
        <BackHome />
        <CrisisSheet
          opened={result.showCrisisResources}
          onClose={() => void navigate(home)}
          title="Please reach out now"
          testId="crisis-alert"
          closeLabel="I am safe right now — back to home"
          intro={
            <Stack gap="sm">
              <Text fz={22} fw={700} c="black">
                Thank you for your answers. Some of them tell us you may be going through a very hard time.
              </Text>
              <Text fz={20} c="black">
                Your care team will see your answers and follow up with you. If you are thinking of harming yourself, or feel unsafe, please
                reach out now:
              </Text>
            </Stack>
          }
        />
      </Stack>
    );
  }

  const header = (
    <Stack gap={6}>
      <Text fz="xs" c="dimmed">
        {names.name} · {names.short}
      </Text>
      <Progress value={total === 0 ? 0 : (100 * answered) / total} size="lg" color="teal" aria-hidden />
    </Stack>
  );

  const riskSheet = (
    <CrisisSheet
      opened={riskOpen}
      onClose={() => setRiskOpen(false)}
      title="Please reach out now"
      testId="crisis-now"
      closeLabel="I am safe right now — continue"
      intro={
        <Text fz={20} c="black">
          Thank you for telling us. If you are having these thoughts now, or feel unsafe, please reach out now. Your care team will see your
          answers when you send them.
        </Text>
      }
    />
  );

  const saveProblem = saveError !== undefined && (
    <Alert color="red" title="Not saved" data-testid="save-error">
      <Text>{saveError}</Text>
    </Alert>
  );

  if (pos >= total) {
    return (
      <Stack gap="lg" data-testid="questionnaire-review">
        {header}
        {riskSheet}
        <Title order={1} fz={28} ref={heading} tabIndex={-1}>
          Check your answers
        </Title>
        <Text data-testid="question-progress">All {total} questions answered. Tap Change to correct one, then send your answers.</Text>
        <Stack gap="sm">
          {visible.map((item, i) => (
            <Paper key={item.key} p="md" radius="md" withBorder>
              <Stack gap={6}>
                <Text fz="xs" c="dimmed">
                  Question {i + 1}
                </Text>
                <Text>{item.text}</Text>
                <Group justify="space-between" wrap="nowrap" align="center">
                  <Text fw={700} style={{ flex: 1 }} data-testid={`review-answer-${item.key}`}>
                    {item.options.find((o) => o.value === answers[item.key])?.label ?? 'Not answered'}
                  </Text>
                  <Button
                    size="lg"
                    variant="subtle"
                    color="teal"
                    aria-label={`Change your answer to question ${i + 1}`}
                    style={{ flexShrink: 0 }}
                    onClick={() => {
                      setFromReview(true);
                      setPos(i);
                    }}
                  >
                    Change
                  </Button>
                </Group>
              </Stack>
            </Paper>
          ))}
        </Stack>
        {saveProblem}
        {submitError !== undefined && (
          <Alert color="red" title="Not sent" data-testid="submit-error">
            <Text>{submitError}</Text>
          </Alert>
        )}
        <Button size="xl" color="teal" fullWidth loading={busy} onClick={() => void submit()}>
          Send my answers
        </Button>
        <Button size="lg" variant="default" fullWidth disabled={busy} onClick={() => setPos(Math.max(0, total - 1))}>
          Back
        </Button>
        <Button size="lg" variant="subtle" color="dark" fullWidth disabled={busy} onClick={() => void finishLater()}>
          Save and finish later
        </Button>
      </Stack>
    );
  }

  const item = visible[pos] as FormItem;
  const current = answers[item.key];
  return (
    <Stack gap="lg" data-testid="questionnaire">
      {header}
      {riskSheet}
      <Text fw={600} data-testid="question-progress" aria-live="polite">
        Question {pos + 1} of {total}
      </Text>
      <Text c="gray.8" fs="italic">
        {form.stem}
      </Text>
      <Title
        order={1}
        fz={26}
        lh={1.3}
        id={`q-${item.key}`}
        ref={heading}
        tabIndex={-1}
        data-testid="question-text"
        style={{ outline: 'none' }}
      >
        {item.text}
      </Title>
      <Options key={item.key} item={item} value={current} onChoose={(v) => choose(item, v)} />
      {saveProblem}
      <Group grow gap="sm">
        {pos > 0 && (
          <Button size="lg" variant="default" onClick={() => setPos(pos - 1)}>
            Back
          </Button>
        )}
        {current !== undefined && (
          <Button size="lg" color="teal" variant="light" onClick={() => setPos(fromReview ? firstOpen(answers, visible, pos) : pos + 1)}>
            {fromReview ? 'Back to summary' : 'Next'}
          </Button>
        )}
      </Group>
      <Button size="lg" variant="subtle" color="dark" fullWidth loading={busy} onClick={() => void finishLater()}>
        Save and finish later
      </Button>
    </Stack>
  );
}

/** /portal/questionnaires/:key: one question per screen, saved as it goes; a summary; then send. */
export function PortalQuestionnairePage() {
  const { key = '' } = useParams();
  const q = useResource(`portal-questionnaire:${key}`, () => getPortalQuestionnaire(key), 'This questionnaire could not be loaded.');
  if (q.data === undefined) return <PortalProblem state={q.state} notFoundTitle="Questionnaire not found" />;
  return <Runner key={key} data={q.data} />;
}
