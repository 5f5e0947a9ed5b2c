import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NOTE_LIMITS, NOTE_TEMPLATE_IDS } from '@kairos/core';
import { addAmendment, carePlanPdf, createNote, getNote, listNotes, noteTemplates, portalCarePlan, portalCarePlanPdf, signNote, updateNote } from '../../services/notes.js';
import { portalOf, requestMeta, sessionOf } from '../auth.js';

const Id = z.strictObject({ id: z.uuid() });
/** Text a note may hold: no NUL (PostgreSQL refuses it in jsonb), within the long-text limit. */
const noteText = z
  .string()
  .max(NOTE_LIMITS.longTextMaxChars)
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
/** A note's content by field id: text, a list of texts, or null to clear. The template checks the rest. */
const Content = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'a field id'), z.union([noteText, z.array(noteText).max(NOTE_LIMITS.listMaxItems), z.null()]))
  .refine((c) => Object.keys(c).length <= 64, 'at most 64 fields');
const Body = (max: number) => z.string().trim().min(1).max(max).refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

/** Clinical notes (drafts, signature, amendments), the care plan PDFs, and the care plan in the portal. */
export const noteRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['notes'];
  const db = () => app.ctx.database.db;

  app.get('/api/note-templates', { config: { action: 'patients.read' }, schema: { tags, summary: 'Note templates: fields, kinds, required flags, help' } }, async () => noteTemplates());

  app.get('/api/patients/:id/notes', { config: { action: 'patients.read' }, schema: { tags, summary: 'A patient’s notes, newest first (template, state, author, signer, amendment count)', params: Id } }, async (req) =>
    listNotes(db(), sessionOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.post(
    '/api/patients/:id/notes',
    {
      config: { action: 'notes.write' },
      schema: {
        tags,
        summary: 'Start a draft from a template (prefilled fields included)',
        params: Id,
        body: z.strictObject({ template: z.enum(NOTE_TEMPLATE_IDS), enrollmentId: z.uuid().optional(), sessionId: z.uuid().optional(), content: Content.optional() }),
      },
    },
    async (req, reply) => {
      const note = await createNote(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(201).send(note);
    },
  );

  app.get('/api/notes/:id', { config: { action: 'patients.read' }, schema: { tags, summary: 'One note with its template, signature, hash and amendments', params: Id } }, async (req) =>
    getNote(db(), sessionOf(req).actor, req.params.id, requestMeta(req)),
  );

  app.patch(
    '/api/notes/:id',
    { config: { action: 'notes.write' }, schema: { tags, summary: 'Edit a draft (the fields given replace the stored ones; null clears). A signed note is a 409.', params: Id, body: z.strictObject({ content: Content }) } },
    async (req) => updateNote(db(), sessionOf(req).actor, req.params.id, req.body.content, requestMeta(req)),
  );

  app.post(
    '/api/notes/:id/sign',
    { config: { action: 'notes.write' }, schema: { tags, summary: 'Sign a draft with your own step-up proof (purpose note.sign); 422 names every empty required field', params: Id, body: z.strictObject({ stepUpToken: z.string().min(1).max(200) }) } },
    async (req) => signNote(db(), sessionOf(req).actor, req.params.id, req.body.stepUpToken, requestMeta(req)),
  );

  app.post(
    '/api/notes/:id/amendments',
    { config: { action: 'notes.write' }, schema: { tags, summary: 'Append an amendment to a signed note, with a reason', params: Id, body: z.strictObject({ body: Body(NOTE_LIMITS.longTextMaxChars), reason: Body(2000) }) } },
    async (req, reply) => {
      const note = await addAmendment(db(), sessionOf(req).actor, req.params.id, req.body, requestMeta(req));
      return reply.status(201).send(note);
    },
  );

  app.get(
    '/api/notes/:id/pdf',
    { config: { action: 'patients.read' }, schema: { tags, summary: 'A signed continuing care plan as a PDF, for the patient or the referring clinician', params: Id, querystring: z.strictObject({ audience: z.enum(['patient', 'referrer']) }) } },
    async (req, reply) => {
      const { pdf, filename } = await carePlanPdf(db(), sessionOf(req).actor, req.params.id, req.query.audience, requestMeta(req));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
    },
  );

  app.get('/api/portal/care-plan', { config: { action: 'portal' }, schema: { tags: ['portal'], summary: 'The patient’s signed continuing care plan, with amendments' } }, async (req) => portalCarePlan(db(), portalOf(req).patientId, requestMeta(req)));

  app.get('/api/portal/care-plan.pdf', { config: { action: 'portal' }, schema: { tags: ['portal'], summary: 'The patient’s signed continuing care plan as a PDF' } }, async (req, reply) => {
    const { pdf, filename } = await portalCarePlanPdf(db(), portalOf(req).patientId, requestMeta(req));
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${filename}"`).send(pdf);
  });
};
