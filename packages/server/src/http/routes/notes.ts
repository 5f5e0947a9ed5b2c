import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  AmendmentBodySchema,
  CarePlanPdfQuerySchema,
  CreateNoteBodySchema,
  NoteIdParamsSchema,
  NoteSchema,
  NoteSummaryListSchema,
  NoteTemplateListSchema,
  PortalCarePlanSchema,
  SignNoteBodySchema,
  UpdateNoteBodySchema,
} from '@kairos/api';
import { addAmendment } from '../../services/notes/add-amendment.js';
import { carePlanPdf } from '../../services/notes/care-plan-pdf.js';
import { createNote } from '../../services/notes/create-note.js';
import { getNote } from '../../services/notes/get-note.js';
import { listNotes } from '../../services/notes/list-notes.js';
import { noteTemplates } from '../../services/notes/note-templates.js';
import { portalCarePlan } from '../../services/notes/portal-care-plan.js';
import { portalCarePlanPdf } from '../../services/notes/portal-care-plan-pdf.js';
import { signNote } from '../../services/notes/sign-note.js';
import { updateNote } from '../../services/notes/update-note.js';
import { portalOf, requestMeta, signInOf } from '../auth.js';
import { routesOf } from '../route-options.js';

/** Clinical notes (drafts, signature, amendments), the care plan PDFs, and the care plan in the portal. */
export const noteRoutes: FastifyPluginCallbackZod = (app) => {
  const tags = ['notes'];
  const route = routesOf(tags);
  const db = () => app.ctx.database.db;
  const portalRoute = routesOf(['portal']);
  /** The options of a change to one note (`/api/notes/:id...`): notes.write, the note's id, the body, the note answered. */
  const noteChange = <Body extends z.ZodType, Response extends { 200: typeof NoteSchema } | { 201: typeof NoteSchema }>(
    summary: string,
    body: Body,
    response: Response,
  ) => route('notes.write', summary, { params: NoteIdParamsSchema, body, response });

  app.get(
    '/api/note-templates',
    route('patients.read', 'Note templates: fields, kinds, required flags, help', { response: { 200: NoteTemplateListSchema } }),
    () => noteTemplates(),
  );

  app.get(
    '/api/patients/:id/notes',
    route('patients.read', 'A patient’s notes, newest first (template, state, author, signer, amendment count)', {
      params: NoteIdParamsSchema,
      response: { 200: NoteSummaryListSchema },
    }),
    async (req) => listNotes(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.post(
    '/api/patients/:id/notes',
    route('notes.write', 'Start a draft from a template (prefilled fields included)', {
      params: NoteIdParamsSchema,
      body: CreateNoteBodySchema,
      response: { 201: NoteSchema },
    }),
    async (req, reply) => {
      const note = await createNote(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(201).send(note);
    },
  );

  app.get(
    '/api/notes/:id',
    route('patients.read', 'One note with its template, signature, hash and amendments', {
      params: NoteIdParamsSchema,
      response: { 200: NoteSchema },
    }),
    async (req) => getNote(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.patch(
    '/api/notes/:id',
    noteChange('Edit a draft (the fields given replace the stored ones; null clears). A signed note is a 409.', UpdateNoteBodySchema, {
      200: NoteSchema,
    }),
    async (req) => updateNote(db(), signInOf(req).actor, req.params.id, req.body.content, requestMeta(req)),
  );

  app.post(
    '/api/notes/:id/sign',
    noteChange('Sign a draft with your own step-up proof (purpose note.sign); 422 names every empty required field', SignNoteBodySchema, {
      200: NoteSchema,
    }),
    async (req) => signNote(db(), signInOf(req).actor, req.params.id, req.body.stepUpToken, requestMeta(req)),
  );

  app.post(
    '/api/notes/:id/amendments',
    noteChange('Append an amendment to a signed note, with a reason', AmendmentBodySchema, { 201: NoteSchema }),
    async (req, reply) => {
      const note = await addAmendment(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(201).send(note);
    },
  );

  app.get(
    '/api/notes/:id/pdf',
    route(
      { action: 'patients.read', raw: 'application/pdf' },
      'A signed continuing care plan as a PDF, for the patient or the referring clinician',
      { params: NoteIdParamsSchema, querystring: CarePlanPdfQuerySchema },
    ),
    async (req, reply) => {
      const { pdf, filename } = await carePlanPdf(db(), signInOf(req).actor, req.params.id, req.query.audience, requestMeta(req));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
    },
  );

  app.get(
    '/api/portal/care-plan',
    portalRoute('portal', 'The patient’s signed continuing care plan, with amendments', { response: { 200: PortalCarePlanSchema } }),
    async (req) => portalCarePlan(db(), portalOf(req).patientId, requestMeta(req)),
  );

  app.get(
    '/api/portal/care-plan.pdf',
    portalRoute({ action: 'portal', raw: 'application/pdf' }, 'The patient’s signed continuing care plan as a PDF', {}),
    async (req, reply) => {
      const { pdf, filename } = await portalCarePlanPdf(db(), portalOf(req).patientId, requestMeta(req));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
    },
  );
};
