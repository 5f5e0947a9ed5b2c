/**
 * Errors under `/fhir` are OperationOutcomes (design.md, Conventions 5): the same error as the JSON
 * API's `{ error }` (its code, message and the fields it names), in FHIR's form, with the issue type
 * FHIR gives each status.
 *
 * @module
 */
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FHIR_SYSTEMS } from '@kairos/core';

/** The FHIR media type of every answer under `/fhir`. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Whether a request's URL is under the FHIR API. */
export const isFhirUrl = (url: string): boolean => url === '/fhir' || url.startsWith('/fhir/') || url.startsWith('/fhir?');

const ISSUE_TYPE: Readonly<Record<number, OperationOutcomeIssue['code']>> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  406: 'not-supported',
  409: 'conflict',
  410: 'deleted',
  413: 'too-costly',
  415: 'not-supported',
  422: 'business-rule',
  429: 'throttled',
  503: 'transient',
};

/** An error as an OperationOutcome: one issue per field named (else one), each with the message. */
export function operationOutcomeOf(status: number, code: string, message: string, details: Record<string, unknown>): OperationOutcome {
  const type = ISSUE_TYPE[status] ?? 'exception';
  const fields = Array.isArray(details.issues)
    ? details.issues.flatMap((i: unknown) =>
        typeof i === 'object' && i !== null && typeof (i as { field?: unknown }).field === 'string'
          ? [
              {
                field: (i as { field: string }).field,
                message: typeof (i as { message?: unknown }).message === 'string' ? (i as { message: string }).message : message,
              },
            ]
          : [],
      )
    : [];
  const details$ = { coding: [{ system: `${FHIR_SYSTEMS.kairos}/error`, code }], text: message };
  const issue: OperationOutcomeIssue[] =
    fields.length === 0
      ? [{ severity: 'error', code: type, details: details$, diagnostics: message }]
      : fields.map((f) => ({
          severity: 'error',
          code: type,
          details: details$,
          diagnostics: `${f.field}: ${f.message}`,
          expression: [f.field],
        }));
  return { resourceType: 'OperationOutcome', issue };
}
