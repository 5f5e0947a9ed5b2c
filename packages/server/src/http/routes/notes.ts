import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
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
import {
  addAmendment,
  carePlanPdf,
  createNote,
  getNote,
  listNotes,
  noteTemplates,
  portalCarePlan,
  portalCarePlanPdf,
  signNote,
  updateNote,
} from '../../services/notes.js';
import { portalOf, requestMeta, signInOf } from '../auth.js';

/** Clinical notes (drafts, signature, amendments), the care plan PDFs, and the care plan in the portal. */
export const noteRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['notes'];
  const db = () => app.ctx.database.db;

  app.get(
    '/api/note-templates',
    {
      config: { action: 'patients.read' },
      schema: { tags, summary: 'Note templates: fields, kinds, required flags, help', response: { 200: NoteTemplateListSchema } },
    },
    async () => noteTemplates(),
  );

  app.get(
    '/api/patients/:id/notes',
    {
      config: { action: 'patients.read' },
      schema: {
        tags,
        summary: 'A patient’s notes, newest first (template, state, author, signer, amendment count)',
        params: NoteIdParamsSchema,
        response: { 200: NoteSummaryListSchema },
      },
    },
    async (req) => listNotes(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.post(
    '/api/patients/:id/notes',
    {
      config: { action: 'notes.write' },
      schema: {
        tags,
        summary: 'Start a draft from a template (prefilled fields included)',
        params: NoteIdParamsSchema,
        body: CreateNoteBodySchema,
        response: { 201: NoteSchema },
      },
    },
    async (req, reply) => {
      const note = await createNote(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(201).send(note);
    },
  );

  app.get(
    '/api/notes/:id',
    {
      config: { action: 'patients.read' },
      schema: {
        tags,
        summary: 'One note with its template, signature, hash and amendments',
        params: NoteIdParamsSchema,
        response: { 200: NoteSchema },
      },
    },
    async (req) => getNote(db(), signInOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.patch(
    '/api/notes/:id',
    {
      config: { action: 'notes.write' },
      schema: {
        tags,
        summary: 'Edit a draft (the fields given replace the stored ones; null clears). A signed note is a 409.',
        params: NoteIdParamsSchema,
        body: UpdateNoteBodySchema,
        response: { 200: NoteSchema },
      },
    },
    async (req) => updateNote(db(), signInOf(req).actor, req.params.id, req.body.content, requestMeta(req)),
  );

  app.post(
    '/api/notes/:id/sign',
    {
      config: { action: 'notes.write' },
      schema: {
        tags,
        summary: 'Sign a draft with your own step-up proof (purpose note.sign); 422 names every empty required field',
        params: NoteIdParamsSchema,
        body: SignNoteBodySchema,
        response: { 200: NoteSchema },
      },
    },
    async (req) => signNote(db(), signInOf(req).actor, req.params.id, req.body.stepUpToken, requestMeta(req)),
  );

  app.post(
    '/api/notes/:id/amendments',
    {
      config: { action: 'notes.write' },
      schema: {
        tags,
        summary: 'Append an amendment to a signed note, with a reason',
        params: NoteIdParamsSchema,
        body: AmendmentBodySchema,
        response: { 201: NoteSchema },
      },
    },
    async (req, reply) => {
      const note = await addAmendment(db(), signInOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(201).send(note);
    },
  );

  app.get(
    '/api/notes/:id/pdf',
    {
      config: { action: 'patients.read', raw: 'application/pdf' },
      schema: {
        tags,
        summary: 'A signed continuing care plan as a PDF, for the patient or the referring clinician',
        params: NoteIdParamsSchema,
        querystring: CarePlanPdfQuerySchema,
      },
    },
    async (req, reply) => {
      const { pdf, filename } = await carePlanPdf(db(), signInOf(req).actor, req.params.id, req.query.audience, requestMeta(req));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
    },
  );

  app.get(
    '/api/portal/care-plan',
    {
      config: { action: 'portal' },
      schema: {
        tags: ['portal'],
        summary: 'The patient’s signed continuing care plan, with amendments',
        response: { 200: PortalCarePlanSchema },
      },
    },
    async (req) => portalCarePlan(db(), portalOf(req).patientId, requestMeta(req)),
  );

  app.get(
    '/api/portal/care-plan.pdf',
    {
      config: { action: 'portal', raw: 'application/pdf' },
      schema: { tags: ['portal'], summary: 'The patient’s signed continuing care plan as a PDF' },
    },
    async (req, reply) => {
      const { pdf, filename } = await portalCarePlanPdf(db(), portalOf(req).patientId, requestMeta(req));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
    },
  );
};
