/**
 * Issue 32 item 8: the signed-in person's own stock phrases (常用语) for opinion fields, read and saved whole. Until
 * they save a list, their role's defaults (stock-phrases.ts) are offered; saving an empty list brings those back.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { roles } from '../../workflows/domain';
import type { Actor } from '../../workflows/domain';
import { HttpRefusal } from '../refusal';
import { errorResponses } from '../schemas';
import { strictInput } from '../../workflows/engine/schemas';
import type { PhraseRole } from '../stock-phrases';
import { checkPhraseList, defaultPhrases, phraseLimits } from '../stock-phrases';

const PhrasesAnswer = Type.Object({
  phrases: Type.Array(Type.String(), { description: '常用语，按顺序' }),
  own: Type.Boolean({
    description: "Whether these are the person's own (false: the role's defaults, until they save)",
  }),
});

/**
 * What `PUT` takes. The schema bounds the body only; the limits of the list (each phrase trimmed, non-empty, one line,
 * at most 200 characters, no repeats, at most 50) are checked after it, each refused with 422 and a Chinese message.
 */
const PhrasesInput = strictInput(
  Type.Object({
    phrases: Type.Array(Type.String({ maxLength: 2000 }), {
      maxItems: 500,
      description: `常用语，按顺序：每条一行，最多${phraseLimits.length}字，不重复，最多${phraseLimits.perPerson}条`,
    }),
  }),
);

const signedInRoles = roles.filter((r): r is PhraseRole => r !== 'public' && r !== 'auditor');

// eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async by contract
const phrases: FastifyPluginAsyncTypebox = async (app) => {
  const answerFor = async (actor: Actor) => {
    const own = (await app.store.phrases(actor.id)).map((p) => p.text);
    return own.length
      ? { phrases: own, own: true }
      : { phrases: [...defaultPhrases[actor.role as PhraseRole]], own: false };
  };

  app.get(
    '/my/phrases',
    {
      onRequest: app.requireRole(...signedInRoles),
      schema: {
        tags: ['cases'],
        summary: "My stock phrases (常用语) for opinion fields: the caller's own, or their role's defaults",
        description:
          "The phrases of the caller (the token's `sub`), in their order; until they save a list of their own, their role's defaults (`own: false`). Nobody reads another person's.",
        response: { 200: PhrasesAnswer, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request) => answerFor(request.actor),
  );

  app.put(
    '/my/phrases',
    {
      onRequest: app.requireRole(...signedInRoles),
      schema: {
        tags: ['cases'],
        summary: 'Save my stock phrases (常用语): the whole list, in its order',
        description: `The list replaces the caller's own. Each phrase is trimmed; an empty one, one of more than one line or over ${phraseLimits.length} characters, a repeat, or more than ${phraseLimits.perPerson}: 422, nothing saved. An empty list brings back the role's defaults. Answers as GET.`,
        body: PhrasesInput,
        response: { 200: PhrasesAnswer, ...errorResponses(400, 401, 403, 422, 429, 503) },
      },
    },
    async (request) => {
      const checked = checkPhraseList(request.body.phrases);
      if ('problem' in checked) throw new HttpRefusal(422, checked.problem, 'InvalidPhrases');
      await app.store.savePhrases(request.actor.id, checked.phrases);
      return answerFor(request.actor);
    },
  );
};

export default phrases;
